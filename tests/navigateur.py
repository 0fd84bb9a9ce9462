"""Ce que font tous les tests de bout en bout dans Chromium : ouvrir une session (par la page de connexion, ou
directement par son cookie), suivre un clic qui mène à une autre page.

Les lectures qui n'attendent rien (`count()`, `is_visible()`, `all_inner_texts()`, `page.url`, `evaluate`) ne se font
qu'une fois la page voulue chargée ; les autres passent par les assertions de Playwright qui attendent
(`expect(...).to_have_text`, `to_contain_text`, `to_have_count`, `to_be_focused`), jamais par un `assert` sur un texte
lu à l'instant d'un clic ou d'un échange htmx.
"""

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import Locator, Page

from cpts.comptes.authentification import MOTEUR
from cpts.comptes.models import Utilisateur
from tests.comptes.factories import MOT_DE_PASSE


def se_connecter(page: Page, serveur: str, identifiant: str, mot_de_passe: str = MOT_DE_PASSE) -> None:
    """Ferme la session en cours, se connecte comme un utilisateur et attend d'arriver sur l'accueil."""
    page.context.clear_cookies()
    page.goto(f"{serveur}/comptes/login/")
    page.get_by_label("Nom d’utilisateur").fill(identifiant)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{serveur}/")


def ouvrir_la_session(page: Page, serveur: str, identifiant: str) -> None:
    """Ferme la session en cours et ouvre celle d'un utilisateur sans passer par la page de connexion : une vraie
    session, créée côté serveur comme la connexion la crée (`login` de Django, même moteur, mêmes signaux), posée en
    cookie dans le navigateur. Aucune page n'est chargée : le test va où il doit aller. La page de connexion et
    l'accueil où elle mène coûtaient deux chargements par session ; les tests qui parlent de la connexion passent
    toujours par le formulaire (`se_connecter`)."""
    client = Client()
    client.force_login(Utilisateur.objects.get(username=identifiant), backend=MOTEUR)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": serveur,
                "httpOnly": True,
            }
        ]
    )


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
