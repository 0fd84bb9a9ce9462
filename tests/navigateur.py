"""Ce que font tous les tests de bout en bout dans Chromium : ouvrir une session par la page de connexion."""

from tests.comptes.factories import MOT_DE_PASSE


def se_connecter(page: object, serveur: str, identifiant: str, mot_de_passe: str = MOT_DE_PASSE) -> None:
    """Ferme la session en cours, se connecte comme un utilisateur et attend d'arriver sur l'accueil."""
    page.context.clear_cookies()
    page.goto(f"{serveur}/comptes/login/")
    page.get_by_label("Nom d’utilisateur").fill(identifiant)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{serveur}/")
