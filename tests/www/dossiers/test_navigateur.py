"""De bout en bout, dans Chromium : le coordinateur rédige et dépose son pré-projet, l'agent ARS demande un
complément, le coordinateur répond, l'agent valide en ECD ; chacun ne voit que ce qu'il doit voir."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories, parcours
from tests.navigateur import ouvrir_la_session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_du_pre_projet_redige_a_sa_validation_en_ecd(page: object, live_server: object) -> None:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais", avec_territoire=True, avec_association=True)
    parcours.equipe_pluriprofessionnelle(cpts)
    UtilisateurFactory(username="coordinatrice", cpts=[cpts])
    UtilisateurFactory(username="agent", agent_ars_region=True, first_name="Bruno", last_name="Agent")
    fiche = f"{live_server.url}/cpts/{cpts.pk}/"

    # La coordinatrice rédige et dépose le pré-projet.
    ouvrir_la_session(page, live_server.url, "coordinatrice")
    page.goto(fiche)
    page.get_by_role("button", name="Rédiger le pré-projet").click()
    for cle, valeur in factories.valeurs_pre_projet(
        date_depot_projet="01/12/2024", date_mise_en_oeuvre="01/03/2025"
    ).items():
        champ = page.locator(f"#id_{cle}")
        if cle == "redaction_projet":
            champ.select_option(valeur)
        else:
            champ.fill(str(valeur))
    page.get_by_role("button", name="Enregistrer et déposer").click()
    page.wait_for_url(fiche)
    expect(page.locator("#etape")).to_have_text("Lettre d'intention (pré-projet déposé)")
    expect(page.get_by_text("Enregistrer une décision")).to_have_count(0)

    # L'agent écrit une note privée et demande un complément.
    ouvrir_la_session(page, live_server.url, "agent")
    page.goto(fiche)
    page.get_by_label("Note d'instruction").fill("Territoire juste au-dessus de 15 000 habitants.")
    page.get_by_role("button", name="Ajouter la note").click()
    page.get_by_label("Objet").fill("Item 8 : moyens d'action")
    page.get_by_label("Ce qui est attendu").fill("Précisez le temps de coordination prévu.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Demande de complément envoyée à l'équipe projet.")).to_be_visible()

    # La coordinatrice voit la demande, pas la note, et répond.
    ouvrir_la_session(page, live_server.url, "coordinatrice")
    page.goto(fiche)
    expect(page.get_by_text("Précisez le temps de coordination prévu.")).to_be_visible()
    expect(page.get_by_text("Territoire juste au-dessus de 15 000 habitants.")).to_have_count(0)
    page.get_by_label("Votre réponse").fill("Une coordinatrice à mi-temps dès janvier.")
    page.get_by_role("button", name="Répondre").click()
    expect(page.get_by_text("Réponse envoyée.")).to_be_visible()

    # L'agent lit la réponse et valide le pré-projet en ECD.
    ouvrir_la_session(page, live_server.url, "agent")
    page.goto(fiche)
    expect(page.get_by_text("Une coordinatrice à mi-temps dès janvier.")).to_be_visible()
    page.get_by_label("Décision", exact=True).select_option("valider_pre_projet")
    page.get_by_label("Date de la décision").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Instance qui a décidé").select_option("ecd")
    page.get_by_role("button", name="Vérifier la décision avant de l'enregistrer").click()
    expect(page.locator("#consequence")).to_contain_text("à l'étape « Pré-projet validé »")
    page.get_by_role("button", name="Confirmer : validation du pré-projet").click()
    expect(page.locator("#etape")).to_have_text("Pré-projet validé")
    expect(page.get_by_text("Subvention FIR : 15\u202f000\u00a0€.")).to_be_visible()
