"""De bout en bout, dans Chromium : un grand fichier s'importe en arrière-plan, la barre de progression mène au
rapport d'essai, puis la confirmation fait de même jusqu'au rapport de l'import."""

import pytest

from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.navigateur import se_connecter
from tests.portefeuille.test_import import EXEMPLE, fichier

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_un_grand_fichier_passe_par_la_barre_de_progression_jusqu_au_rapport(
    page: object, live_server: object, tmp_path: object, settings: object
) -> None:
    settings.PORTEFEUILLE_ARRIERE_PLAN_OCTETS = 0  # tout fichier est « grand » : l'arrière-plan sans attendre
    UtilisateurFactory(username="agent", agent_ars_region=True)
    chemin = tmp_path / "portefeuille-84.csv"
    chemin.write_bytes(fichier(EXEMPLE))

    se_connecter(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/portefeuille/")
    page.get_by_label("Fichier du portefeuille").set_input_files(str(chemin))
    page.get_by_role("button", name="Essayer l'import").click()
    assert "/portefeuille/import/" in page.url
    page.get_by_text("1 lignes : 1 créée").wait_for(timeout=30_000)
    assert "/rapport/" in page.url
    assert not Cpts.objects.exists()

    page.get_by_role("button", name="Confirmer l'import").click()
    page.get_by_text("import enregistré").wait_for(timeout=30_000)
    assert Cpts.objects.get().nom == "CPTS du Haut-Exemple"
