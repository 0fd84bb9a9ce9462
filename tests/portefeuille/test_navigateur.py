"""De bout en bout, dans Chromium : l'agent dépose le fichier, lit le rapport d'essai, confirme l'import et suit
son exécution par le travailleur."""

import pytest
from playwright.sync_api import expect

from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.navigateur import ouvrir_la_session, suivre
from tests.portefeuille.test_import import EXEMPLE, fichier

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_depot_du_fichier_rapport_d_essai_puis_confirmation(
    page: object, live_server: object, tmp_path: object, travailleur: object
) -> None:
    UtilisateurFactory(username="agent", agent_ars_region=True)
    chemin = tmp_path / "portefeuille-84.csv"
    chemin.write_bytes(fichier(EXEMPLE, {**EXEMPLE, "nom": "Autre", "siret": "", "communes": "99999"}))

    ouvrir_la_session(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/portefeuille/")
    page.get_by_label("Fichier du portefeuille").set_input_files(str(chemin))
    suivre(page.get_by_role("button", name="Essayer l'import"))
    expect(page.locator("#rapport-portefeuille")).to_contain_text("communes : Code INSEE inconnu : 99999.")
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    assert not Cpts.objects.exists()

    chemin.write_bytes(fichier(EXEMPLE))
    page.goto(f"{live_server.url}/portefeuille/")
    page.get_by_label("Fichier du portefeuille").set_input_files(str(chemin))
    page.get_by_role("button", name="Essayer l'import").click()
    expect(page.get_by_text("1 lignes : 1 créée")).to_be_visible()
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_role("status").first).to_contain_text("cette page se met à jour seule")
    # Le travailleur fait l'import ; la page de suivi, qui se redemande seule, montre alors le rapport.
    travailleur.tour()
    expect(page.get_by_text("import enregistré")).to_be_visible()
    assert Cpts.objects.get().nom == "CPTS du Haut-Exemple"
