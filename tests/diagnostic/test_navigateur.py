"""Composer un territoire dans Chromium, puis lire son profil : le référentiel et un indicateur importé, comparés."""

import pytest
from playwright.sync_api import expect

from cpts.diagnostic.importation import importer
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.test_import import fichier
from tests.navigateur import exact, ouvrir_la_session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_composer_un_territoire_puis_lire_son_profil_compare_au_rhone(page: object, live_server: object) -> None:
    lignes = [{"code": "69029", "valeur": "1 200"}, {"code": "69259", "valeur": "2 300"}]
    importer(
        "i.csv",
        fichier(*lignes, {"niveau": "departement", "code": "69", "valeur": "41 000"}),
        UtilisateurFactory(administrateur=True),
    )
    UtilisateurFactory(username="agent", agent_ars_region=True)
    ouvrir_la_session(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/territoires/composer/")

    for recherche, attendu in [("venissieux", "Vénissieux (69259)"), ("bron", "Bron (69029)")]:
        page.get_by_label("Rechercher une commune ou un EPCI").fill(recherche)
        page.get_by_role("button", name=attendu).click()
        page.locator("#communes-choisies").get_by_role("cell", name=attendu.split(" (")[0], exact=True).wait_for()
    page.get_by_role("link", name="Profil du territoire").click()

    # Le clic rend la main avant que la page du profil soit lue : chaque cellule est attendue.
    ligne = page.locator("#indicateur-diabete_patients").get_by_role("cell")
    expect(ligne.nth(1)).to_have_text(exact("3\u202f500"), use_inner_text=True)
    expect(ligne.nth(2)).to_have_text(exact("41\u202f000"), use_inner_text=True)
    population = page.locator("#indicateur-population").get_by_role("cell").nth(1)
    expect(population).to_have_text(exact("108\u202f484"), use_inner_text=True)
    expect(page.get_by_role("heading", name="Population et territoire")).to_be_visible()
