"""Ce que font tous les tests de bout en bout dans Chromium : ouvrir une session par la page de connexion, suivre un
clic qui mène à une autre page.

Les lectures qui n'attendent rien (`count()`, `is_visible()`, `all_inner_texts()`, `page.url`, `evaluate`) ne se font
qu'une fois la page voulue chargée ; les autres passent par les assertions de Playwright qui attendent
(`expect(...).to_have_text`, `to_contain_text`, `to_have_count`, `to_be_focused`), jamais par un `assert` sur un texte
lu à l'instant d'un clic ou d'un échange htmx.
"""

import re

from playwright.sync_api import Locator, Page

from tests.comptes.factories import MOT_DE_PASSE


def se_connecter(page: Page, serveur: str, identifiant: str, mot_de_passe: str = MOT_DE_PASSE) -> None:
    """Ferme la session en cours, se connecte comme un utilisateur et attend d'arriver sur l'accueil."""
    page.context.clear_cookies()
    page.goto(f"{serveur}/comptes/login/")
    page.get_by_label("Nom d’utilisateur").fill(identifiant)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{serveur}/")


def suivre(cible: Locator) -> None:
    """Clique sur un lien ou un bouton qui mène à une autre page, et attend que cette page soit chargée.

    Le clic rend la main dès que le nouveau document est engagé, avant qu'il soit lu : compter des éléments à cet
    instant trouverait une page vide ou à moitié lue (zéro élément, ou une partie). Après `suivre`, la page est
    entière : un compte, une absence (`to_have_count(0)`) ou une boucle sur des éléments y disent vrai."""
    cible.click()
    cible.page.wait_for_load_state("load")


def exact(texte: str) -> re.Pattern[str]:
    """Tout le texte, tel quel, pour `to_have_text` : donné en chaîne, il serait comparé espaces réduites (une espace
    insécable ou une tabulation y vaudrait une espace, un montant mal formaté passerait)."""
    return re.compile(rf"^{re.escape(texte)}$")


def dedans(texte: str) -> re.Pattern[str]:
    """Le texte tel quel, quelque part dans l'élément, pour `to_contain_text` (mêmes raisons que `exact`)."""
    return re.compile(re.escape(texte))
