"""De bout en bout, dans Chromium : la coordinatrice part de la fiche de sa CPTS, simule son financement, ajoute une
mission et voit montants et échéancier changer, puis compare avec l'ACI 2019."""

import pytest
from playwright.sync_api import expect

from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import COMMUNES_MONTS_DU_LYONNAIS, CptsFactory
from tests.navigateur import dedans, exact, ouvrir_la_session, suivre

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_la_coordinatrice_simule_son_financement_change_une_mission_et_compare_deux_textes(
    page: object, live_server: object
) -> None:
    cpts = CptsFactory(nom="CPTS des Monts du Lyonnais", territoire=COMMUNES_MONTS_DU_LYONNAIS)
    UtilisateurFactory(username="coordinatrice", cpts=[cpts])

    ouvrir_la_session(page, live_server.url, "coordinatrice")
    page.goto(f"{live_server.url}/cpts/{cpts.pk}/")
    page.locator("main").get_by_role("link", name="Simuler le financement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Simuler le financement de CPTS des Monts du Lyonnais")

    page.get_by_label("Date de signature du contrat").fill("15/01/2023")
    # La page d'avant montre déjà 225 000 € (date de signature par défaut) : sans attendre la page simulée, le clic
    # suivant partirait sur l'ancien document, remplacé ensuite, et le recalcul serait perdu.
    suivre(page.get_by_role("button", name="Simuler", exact=True))
    # Taille 1 sous l'avenant 2, les quatre missions socles : 225 000 € par an.
    expect(page.locator("#total-annuel-a")).to_have_text(exact("225\u202f000\u00a0€"), use_inner_text=True)

    page.locator("label[for='id_a-choisie_qualite']").click()
    # htmx recalcule sans recharger la page : qualité et pertinence, 7 500 € fixes et 7 500 € variables.
    expect(page.locator("#total-annuel-a")).to_have_text(exact("240\u202f000\u00a0€"), use_inner_text=True)
    expect(page.locator("#montants-a")).to_contain_text("Qualité et pertinence")
    page.get_by_role("button", name="Échéancier : les").click()
    expect(page.locator("#echeancier-a")).to_be_visible()
    # Le texte tel qu'affiché (colonnes séparées par des tabulations), comme le lirait un copier-coller.
    expect(page.locator("#echeancier-a")).to_contain_text(
        dedans("Qualité et pertinence\tfixe\tavance\t5\u202f625,00\u00a0€\t15/01/2023\t15/03/2023"), use_inner_text=True
    )
    expect(page.locator("#annees-a tbody tr")).to_have_count(5)
    expect(page.locator("#graphique-a svg.cpts-graphique__svg")).to_have_attribute("role", "img")

    page.get_by_role("button", name="Comparer avec un second scénario").click()
    expect(page.get_by_label("Texte appliqué").nth(1)).to_have_value("aci-2019")
    expect(page.locator("#comparaison-total-a")).to_have_text(exact("240\u202f000\u00a0€"), use_inner_text=True)
    # Sous l'ACI 2019 : pas de mission crises sanitaires, et les volets SNP de l'accès aux soins ne comptent que
    # choisis (options du contrat, aucune ici).
    expect(page.locator("#comparaison-total-b")).to_have_text(exact("165\u202f000\u00a0€"), use_inner_text=True)
    expect(page.locator("#comparaison-ecart")).to_have_text(exact("-75\u202f000\u00a0€"), use_inner_text=True)
    expect(page.locator("#avertissements-b")).to_contain_text("n'existe pas dans le texte ACI 2019")
