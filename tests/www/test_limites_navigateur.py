"""Dans Chromium : un envoi trop gros est arrêté par le navigateur, avec le message en français, sans perdre la
saisie (le serveur le refuserait aussi, par une page 413)."""

import pytest
from playwright.sync_api import expect

from cpts.dossiers.models import NoteInstruction
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.navigateur import ouvrir_la_session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_une_note_trop_longue_n_est_pas_envoyee_et_reste_a_l_ecran(page: object, live_server: object) -> None:
    cpts = CptsFactory()
    agent = UtilisateurFactory(agent_ars_region=True)
    ouvrir_la_session(page, live_server.url, agent.username)
    adresse = f"{live_server.url}/cpts/{cpts.pk}/"
    page.goto(adresse)
    texte = "Une note très longue. " * 110_000  # plus de 2 Mo une fois encodée
    # La fiche porte deux zones « texte » (demande et note) : la note se désigne par son formulaire.
    note = page.locator("form[action$='/notes/'] textarea")
    note.fill(texte)
    page.get_by_role("button", name="Ajouter la note").click()
    alerte = page.locator(".cpts-trop-volumineux")
    expect(alerte).to_contain_text("dépasse la taille permise")
    expect(alerte).to_contain_text("votre saisie est conservée")
    assert page.url == adresse
    assert len(note.input_value()) == len(texte)
    assert not NoteInstruction.objects.exists()


def test_un_fichier_de_membres_trop_lourd_est_refuse_avant_l_envoi(page: object, live_server: object) -> None:
    cpts = CptsFactory()
    coordinateur = UtilisateurFactory(cpts=[cpts])
    ouvrir_la_session(page, live_server.url, coordinateur.username)
    page.goto(f"{live_server.url}/cpts/{cpts.pk}/membres/")
    champ = page.get_by_label("Fichier des membres")
    champ.set_input_files({"name": "membres.csv", "mimeType": "text/csv", "buffer": b"x" * (3 * 1024 * 1024)})
    message = champ.evaluate("champ => champ.validationMessage")
    assert "dépasse la taille permise (2 Mo)" in message
    page.get_by_role("button", name="Importer").click()
    assert page.url == f"{live_server.url}/cpts/{cpts.pk}/membres/"
    assert not cpts.membres.exists()
