"""Composer un territoire au clavier seul, dans Chromium, puis exporter la liste."""

from pathlib import Path

import pytest

from cpts.demo.comptes import MOT_DE_PASSE_DEMO
from tests.comptes.factories import UtilisateurFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_composer_au_clavier_met_a_jour_population_et_taille_puis_exporte_le_csv(
    page: object, live_server: object
) -> None:
    UtilisateurFactory(username="agent", agent_ars_region=True, password=MOT_DE_PASSE_DEMO)
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Nom d’utilisateur").fill("agent")
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE_DEMO)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/territoires/composer/")

    for recherche, attendu in [("venissieux", "Vénissieux (69259)"), ("bron", "Bron (69029)")]:
        page.get_by_label("Rechercher une commune ou un EPCI").focus()
        page.keyboard.type(recherche)
        page.get_by_role("button", name=attendu).wait_for()
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.locator("#communes-choisies").get_by_role("cell", name=attendu.split(" (")[0], exact=True).wait_for()

    assert page.locator("#resume-communes").inner_text() == "2"
    assert page.locator("#resume-taille").inner_text() == "Taille 3"
    assert page.locator("#resume-population").inner_text() == "108\u202f484 habitants"

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Exporter en CSV").click()
    contenu = Path(telechargement.value.path()).read_text(encoding="utf-8-sig")
    assert contenu.splitlines()[1:] == [
        "69029;Bron;69;84;Métropole de Lyon;42982",
        "69259;Vénissieux;69;84;Métropole de Lyon;65502",
    ]
