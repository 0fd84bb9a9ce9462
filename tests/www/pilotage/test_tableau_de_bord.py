import pytest
from django.test import Client
from playwright.sync_api import expect

from cpts.comptes.models import Utilisateur
from tests.navigateur import ouvrir_la_session

pytestmark = pytest.mark.usefixtures("communes", "demo_en_base")


def test_l_accueil_d_un_agent_est_le_tableau_de_bord_de_sa_region(client: Client) -> None:
    client.force_login(Utilisateur.objects.get(username="agent.ars"))
    contenu = client.get("/", {"date": "2021-06-01"}).content.decode()
    assert "<h1>Espace agent ARS</h1>" in contenu
    assert "Région Auvergne-Rhône-Alpes, situation au 01/06/2021." in contenu
    assert (
        "Au 01/06/2021 : 50 dynamiques, 25 pré-projets validés, 1 projets de santé validés, 20 contrats aci signés."
        in contenu
    )


@pytest.mark.navigateur
@pytest.mark.django_db(transaction=True)
def test_le_tableau_de_bord_montre_le_graphique_et_son_alternative_textuelle(page: object, live_server: object) -> None:
    ouvrir_la_session(page, live_server.url, "agent.ars")
    page.goto(f"{live_server.url}/pilotage/region/84/?date=2021-06-01")
    graphique = page.get_by_role("img", name="Projets par étape, trimestre après trimestre")
    expect(graphique).to_be_visible()
    expect(page.locator("#graphique-etapes-alternative")).to_contain_text("20 contrats aci signés")
    assert page.locator("#tableau-etat-des-lieux tfoot").inner_text().split() == ["TOTAL", "50", "25", "1", "20", "96"]


def test_l_accueil_du_lecteur_national_montre_les_tableaux_de_la_france_entiere(client: Client) -> None:
    client.force_login(Utilisateur.objects.get(username="lecteur"))
    contenu = client.get("/", {"date": "2021-06-01"}).content.decode()
    assert "<h1>Déploiement national des CPTS</h1>" in contenu
    assert "Situation de la France entière au 01/06/2021." in contenu
    assert 'id="tableau-etat-des-lieux"' in contenu
    assert 'id="tableau-couverture-regions"' in contenu
    assert 'id="tableau-cpts"' not in contenu  # plus la liste des CPTS une à une
