"""De bout en bout, dans Chromium : la coordinatrice part de la fiche de sa CPTS, simule son financement, ajoute une
mission et voit montants et échéancier changer, puis compare avec l'ACI 2019."""

import pytest

from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import COMMUNES_MONTS_DU_LYONNAIS, CptsFactory
from tests.navigateur import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_la_coordinatrice_simule_son_financement_change_une_mission_et_compare_deux_textes(
    page: object, live_server: object
) -> None:
    cpts = CptsFactory(nom="CPTS des Monts du Lyonnais", territoire=COMMUNES_MONTS_DU_LYONNAIS)
    UtilisateurFactory(username="coordinatrice", cpts=[cpts])

    se_connecter(page, live_server.url, "coordinatrice")
    page.goto(f"{live_server.url}/cpts/{cpts.pk}/")
    page.locator("main").get_by_role("link", name="Simuler le financement").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Simuler le financement de CPTS des Monts du Lyonnais"

    page.get_by_label("Date de signature du contrat").fill("15/01/2023")
    page.get_by_role("button", name="Simuler", exact=True).click()
    # Taille 1 sous l'avenant 2, les quatre missions socles : 225 000 € par an.
    assert page.locator("#total-annuel-a").inner_text() == "225\u202f000\u00a0€"

    page.locator("label[for='id_a-choisie_qualite']").click()
    # htmx recalcule sans recharger la page : qualité et pertinence, 7 500 € fixes et 7 500 € variables.
    page.locator("#total-annuel-a", has_text="240\u202f000").wait_for()
    assert "Qualité et pertinence" in page.locator("#montants-a").inner_text()
    page.get_by_role("button", name="Échéancier : les").click()
    page.locator("#echeancier-a").wait_for(state="visible")
    echeancier = page.locator("#echeancier-a").inner_text()
    assert "Qualité et pertinence\tfixe\tavance\t5\u202f625,00\u00a0€\t15/01/2023\t15/03/2023" in echeancier
    assert page.locator("#annees-a tbody tr").count() == 5
    assert page.locator("#graphique-a svg.cpts-graphique__svg").get_attribute("role") == "img"

    page.get_by_role("button", name="Comparer avec un second scénario").click()
    assert page.get_by_label("Texte appliqué").nth(1).input_value() == "aci-2019"
    assert page.locator("#comparaison-total-a").inner_text() == "240\u202f000\u00a0€"
    # Sous l'ACI 2019 : pas de mission crises sanitaires, et les volets SNP de l'accès aux soins ne comptent que
    # choisis (options du contrat, aucune ici).
    assert page.locator("#comparaison-total-b").inner_text() == "165\u202f000\u00a0€"
    assert page.locator("#comparaison-ecart").inner_text() == "-75\u202f000\u00a0€"
    assert "n'existe pas dans le texte ACI 2019" in page.locator("#avertissements-b").inner_text()
