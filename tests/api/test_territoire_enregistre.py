"""Enregistrer le territoire d'une CPTS par l'API : les mêmes règles que le compositeur des pages."""

import datetime

import pytest
from django.test import Client

from cpts.territoires.models import Territoire
from tests.api.test_api import client_api
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")

# Saint-Symphorien-sur-Coise, Vindry-sur-Turdine et Grézieu-le-Marché, communes du Rhône (INSEE, COG 2026).
MONTS = ["69238", "69157", "69095"]


def enregistrer(client: Client, cpts_id: int, **corps: object) -> object:
    return client.put(f"/api/v1/cpts/{cpts_id}/territoire", corps, content_type="application/json")


def test_le_coordinateur_enregistre_une_nouvelle_version_et_l_ancienne_est_close() -> None:
    ancien = TerritoireFactory(communes=MONTS[:1])
    coordinateur = client_api(UtilisateurFactory(cpts=[ancien.cpts]))
    reponse = enregistrer(coordinateur, ancien.cpts.pk, communes=MONTS, date="2026-01-01")
    assert reponse.status_code == 200
    assert sorted(reponse.json()["properties"]["communes"]) == sorted(MONTS)
    ancien.refresh_from_db()
    assert ancien.fin == datetime.date(2026, 1, 1)
    assert Territoire.objects.filter(cpts=ancien.cpts, fin__isnull=True).get().communes.count() == 3


def test_un_code_inconnu_est_refuse_en_francais_et_rien_n_est_ecrit() -> None:
    cpts = CptsFactory()
    reponse = enregistrer(client_api(UtilisateurFactory(cpts=[cpts])), cpts.pk, communes=["69238", "99999"])
    assert (reponse.status_code, reponse.json()["details"]) == (409, ["Code INSEE inconnu : 99999."])
    assert not Territoire.objects.filter(cpts=cpts).exists()


def test_une_commune_d_une_autre_cpts_est_refusee_sans_arbitrage() -> None:
    voisine = TerritoireFactory(communes=["69157"])
    cpts = CptsFactory()
    reponse = enregistrer(client_api(UtilisateurFactory(cpts=[cpts])), cpts.pk, communes=MONTS)
    assert reponse.status_code == 409
    assert f"appartient déjà au territoire de la CPTS {voisine.cpts.nom}" in " ".join(reponse.json()["details"])


def test_un_coordinateur_ne_compose_pas_le_territoire_d_une_autre_cpts() -> None:
    autre = CptsFactory()
    coordinateur = client_api(UtilisateurFactory(cpts=[CptsFactory()]))
    assert enregistrer(coordinateur, autre.pk, communes=MONTS).status_code == 404
    assert not Territoire.objects.filter(cpts=autre).exists()


def test_un_lecteur_national_ne_compose_pas_de_territoire() -> None:
    cpts = CptsFactory()
    assert enregistrer(client_api(UtilisateurFactory()), cpts.pk, communes=MONTS).status_code == 403
