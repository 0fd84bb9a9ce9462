"""Le compte technique auquel la commande d'import attribue ses écritures quand l'exploitant n'en nomme pas."""

from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import Role

IDENTIFIANT = "import.portefeuille"


def compte_technique() -> Utilisateur:
    """Un compte sans mot de passe utilisable (personne ne s'y connecte), de portée nationale : la commande est
    lancée par l'exploitant sur le serveur, qui a déjà tous les droits sur la base."""
    compte, cree = Utilisateur.objects.get_or_create(
        username=IDENTIFIANT,
        defaults={"role": Role.ADMINISTRATEUR, "first_name": "Import", "last_name": "du portefeuille"},
    )
    if cree:
        compte.set_unusable_password()
        compte.save(update_fields=["password"])
    return compte
