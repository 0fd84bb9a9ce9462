import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.comptes.factories import UtilisateurFactory
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def lecteur(client: Client) -> Client:
    client.force_login(UtilisateurFactory())
    return client


def test_le_geojson_d_une_region_decrit_chaque_cpts_pour_l_open_data(lecteur: Client) -> None:
    TerritoireFactory(cpts__nom="CPTS de Villeurbanne", communes=["69266", "69029"])
    reponse = lecteur.get(reverse("territoires:region_geojson", args=["84"]))
    (entite,) = json.loads(reponse.content)["features"]
    assert reponse["Content-Type"] == "application/geo+json"
    assert entite["geometry"]["type"] == "MultiPolygon"
    assert entite["properties"]["cpts"] == "CPTS de Villeurbanne"
    assert entite["properties"]["communes"] == ["69029", "69266"]


def test_le_geojson_d_une_region_ne_montre_que_le_perimetre_de_l_utilisateur(client: Client) -> None:
    TerritoireFactory(communes=["69266"])
    client.force_login(UtilisateurFactory(agent_cpam_departement=True, departements=["38"]))
    assert json.loads(client.get(reverse("territoires:region_geojson", args=["84"])).content)["features"] == []


def test_la_carte_regionale_liste_les_territoires(lecteur: Client) -> None:
    TerritoireFactory(cpts__nom="CPTS de Villeurbanne", communes=["69266"])
    assert "CPTS de Villeurbanne" in lecteur.get(reverse("territoires:carte_region", args=["84"])).content.decode()


def test_le_geojson_du_territoire_d_une_cpts_sans_territoire_repond_404(lecteur: Client) -> None:
    from tests.dossiers.factories import CptsFactory

    assert lecteur.get(reverse("territoires:territoire_geojson", args=[CptsFactory().pk])).status_code == 404


def test_la_page_de_couverture_montre_les_parts_en_pourcentage(lecteur: Client) -> None:
    TerritoireFactory(communes=["69266"])
    contenu = lecteur.get(
        reverse("territoires:couverture"), {"niveau": "region", "date": "01/06/2021"}
    ).content.decode()
    assert "Auvergne-Rhône-Alpes" in contenu
    assert "au 01/06/2021" in contenu


def test_la_couverture_s_exporte_en_csv(lecteur: Client) -> None:
    reponse = lecteur.get(reverse("territoires:couverture"), {"niveau": "departement", "format": "csv"})
    assert reponse.content.decode("utf-8").splitlines()[0].startswith("\ufeffCode;Nom;Habitants")
