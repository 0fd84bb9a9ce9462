"""Dans Chromium : après un envoi refusé, le focus est sur le résumé des erreurs, dont le lien mène au champ."""

import pytest
from playwright.sync_api import expect

from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories
from tests.navigateur import ouvrir_la_session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_le_resume_des_erreurs_prend_le_focus_et_mene_au_champ(page: object, live_server: object) -> None:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais")
    UtilisateurFactory(username="coordinatrice", cpts=[cpts])
    ouvrir_la_session(page, live_server.url, "coordinatrice")
    page.goto(f"{live_server.url}/cpts/{cpts.pk}/modifier/")
    page.get_by_label("SIRET de l'association").fill("782 830 157 00016")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.hasAttribute('data-resume-erreurs')")
    page.locator("[data-resume-erreurs] a").first.click()
    expect(page.locator("#id_siret")).to_be_focused()
    assert page.locator("#id_siret").get_attribute("aria-describedby") == "id_siret-desc-error"
