import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from shapely.geometry import shape

from cpts.territoires.models import Departement, UniteTerritoire
from tests.comptes.factories import UtilisateurFactory
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")


def carte_de_la_region(client: Client) -> dict:
    return json.loads(client.get(reverse("territoires:carte_region", args=["84"]), {"donnees": 1}).content)


def departements_de_la_region() -> list[str]:
    return list(Departement.objects.filter(region_id="84").values_list("code", flat=True))


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


def test_une_commune_ajoutee_au_territoire_est_dessinee_sur_la_carte_de_la_region(lecteur: Client) -> None:
    territoire = TerritoireFactory(communes=["69266"])
    avant = carte_de_la_region(lecteur)["features"][-1]
    UniteTerritoire.objects.create(territoire=territoire, commune_id="69029")
    apres = carte_de_la_region(lecteur)["features"][-1]
    assert apres["properties"]["communes"] == ["69029", "69266"]
    assert shape(apres["geometry"]).area > shape(avant["geometry"]).area


def test_la_carte_d_une_region_lit_autant_de_requetes_pour_trois_territoires_que_pour_un(lecteur: Client) -> None:
    TerritoireFactory(communes=["69266"])
    carte_de_la_region(lecteur)
    with CaptureQueriesContext(connection) as un:
        carte_de_la_region(lecteur)
    TerritoireFactory(communes=["69029"])
    TerritoireFactory(communes=["69123"])
    carte_de_la_region(lecteur)
    with CaptureQueriesContext(connection) as trois:
        entites = carte_de_la_region(lecteur)["features"]
    assert len(entites) == len(departements_de_la_region()) + 3
    assert len(trois) == len(un)


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
