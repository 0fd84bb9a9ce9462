import datetime
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# L'horloge est une entrée des tests : chacun commence au même instant, quel que soit le jour où la suite tourne.
# Le temps avance ensuite (tick) : délais du navigateur, sessions et jetons se comportent comme en vrai. Un test
# qui a besoin d'une autre date la choisit (`horloge.move_to(...)`).
INSTANT_DES_TESTS = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def horloge() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(INSTANT_DES_TESTS, tick=True) as coordonnees:
        yield coordonnees


@pytest.fixture(scope="session")
def navigateur() -> Iterator[object]:
    """Chromium de Debian piloté par Playwright, sans fenêtre ni accès réseau extérieur."""
    from playwright.sync_api import sync_playwright

    # Playwright (API synchrone) garde une boucle asyncio ouverte dans le fil des tests :
    # Django y refuserait l'accès à la base des tests eux-mêmes.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield navigateur
        navigateur.close()


@pytest.fixture
def page(navigateur: object) -> Iterator[object]:
    contexte = navigateur.new_context(locale="fr-FR")
    page = contexte.new_page()
    page.set_default_timeout(15_000)
    yield page
    contexte.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: object) -> None:
    """La base de test reçoit une fois le vrai référentiel des communes de France (quelques secondes)."""
    from cpts.territoires.importation import importer

    with django_db_blocker.unblock():
        importer()


@pytest.fixture
def communes(db: None) -> None:
    """Le référentiel en base : un test transactionnel (navigateur) vide les tables en partant, on recharge alors."""
    from cpts.territoires.importation import importer
    from cpts.territoires.models import Commune

    if not Commune.objects.exists():
        importer()


@pytest.fixture
def fichiers_temporaires(settings: object, tmp_path: Path) -> Path:
    """Les PDF déposés pendant un test vont dans un dossier jetable, jamais dans les données locales."""
    dossier = tmp_path / "fichiers"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": dossier}},
    }
    settings.MEDIA_ROOT = dossier
    return dossier


@pytest.fixture
def smtp(settings: object) -> Iterator[object]:
    """Un vrai serveur SMTP sur 127.0.0.1 (aiosmtpd), et les réglages de Django qui y envoient."""
    from tests.notifications.serveur_smtp import ServeurSmtp

    serveur = ServeurSmtp()
    serveur.demarrer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = serveur.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield serveur
    serveur.arreter()


@pytest.fixture
def travailleur(db: None) -> object:
    """Le travailleur de `cpts travailleur` : un test appelle `travailleur.tour()` pour vider la file pour de vrai.
    Sans travaux périodiques : ils dépendent de l'heure, les tests qui en parlent les donnent eux-mêmes."""
    from cpts.notifications.travailleur import Travailleur

    return Travailleur(intervalle=0.1, periodiques=())
