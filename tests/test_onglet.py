"""L'onglet repris d'un test de bout en bout à l'autre ne leur laisse rien de commun (`tests/onglet.py`)."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM
from tests.onglet import FENETRE, Onglet

RACINE = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.navigateur


@pytest.fixture
def onglet_a_part(navigateur: object) -> Iterator[Onglet]:
    onglet = Onglet(navigateur)
    yield onglet
    onglet.jeter()


@pytest.mark.django_db(transaction=True)
def test_l_onglet_remis_a_neuf_n_a_plus_ni_document_ni_cookie_ni_stockage_ni_route(
    onglet_a_part: Onglet, live_server: object
) -> None:
    page = onglet_a_part.prendre()
    page.goto(f"{live_server.url}/accessibilite/")
    page.evaluate("() => { localStorage.setItem('scheme', 'dark'); document.cookie = 'trace=1; path=/'; }")
    page.route("**/mentions-legales/", lambda route: route.fulfill(body="détournée"))
    page.set_viewport_size({"width": 375, "height": 640})
    page.set_default_timeout(1)

    onglet_a_part.remettre_a_neuf(live_server.url)

    assert onglet_a_part.prendre() is page
    assert page.url == "about:blank"
    assert page.context.cookies() == []
    assert page.viewport_size == FENETRE
    page.goto(f"{live_server.url}/mentions-legales/")
    assert page.title().startswith("Mentions légales")
    assert page.evaluate("() => localStorage.getItem('scheme')") != "dark"
    # Le délai d'origine : une attente de 50 ms aurait dépassé celui d'une milliseconde.
    page.wait_for_function("depart => Date.now() - depart > 50", arg=page.evaluate("Date.now()"))


SUITE_AVEC_UN_ECHEC = """
from types import SimpleNamespace

import pytest
from playwright.sync_api import sync_playwright

ONGLETS = []


@pytest.fixture(scope="session")
def navigateur():
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path="{chromium}", args=["--no-sandbox"])
        yield navigateur
        navigateur.close()


@pytest.fixture(scope="session")
def live_server():
    return SimpleNamespace(url="http://localhost:9")


def test_en_echec(page):
    ONGLETS.append(page)
    assert False


def test_apres_l_echec(page):
    ONGLETS.append(page)
    assert ONGLETS[0].is_closed()
    assert page is not ONGLETS[0]


def test_apres_une_reussite(page):
    assert page is ONGLETS[1]
"""


def test_apres_un_echec_le_test_suivant_recoit_un_onglet_neuf_apres_une_reussite_le_meme(tmp_path: Path) -> None:
    (tmp_path / "test_suite.py").write_text(SUITE_AVEC_UN_ECHEC.replace("{chromium}", CHROMIUM))
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {cle: valeur for cle, valeur in os.environ.items() if cle != "DJANGO_SETTINGS_MODULE"}
    commande = [sys.executable, "-m", "pytest", "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path)]
    commande += ["-p", "tests.onglet", "-p", "no:django", "-p", "no:randomly", "-p", "no:cacheprovider"]
    resultat = subprocess.run(
        [*commande, str(tmp_path / "test_suite.py")], cwd=RACINE, env=env, capture_output=True, text=True, timeout=120
    )
    assert "1 failed, 2 passed" in resultat.stdout, resultat.stdout[-3000:]
    assert "test_suite.py::test_en_echec" in resultat.stdout
