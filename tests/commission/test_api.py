"""L'API REST de la CPR, montée dans l'API v1 sous /commission."""

import pytest
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.commission.services import deliberations, scrutins
from cpts.demo.commission import creer_commissions
from tests.commission.factories import CommissionFactory, PointFactory, ReunionFactory, composition_paritaire
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(api)


def test_l_api_donne_la_composition_pays_de_la_loire_et_ses_controles(client: TestClient) -> None:
    creer_commissions()
    reponse = client.get("/commission/commissions/52/composition?date=2021-02-04", user=UtilisateurFactory())
    donnees = reponse.json()
    assert reponse.status_code == 200
    assert donnees["sections"]["professionnelle"]["sieges_vacants"] == 16
    assert donnees["parite"] is True
    assert len(donnees["sieges"]) == 35 + 13 + 6


def test_l_api_liste_les_reunions_d_une_commission(client: TestClient) -> None:
    creer_commissions()
    reponse = client.get("/commission/commissions/84/reunions", user=UtilisateurFactory())
    assert [r["date"] for r in reponse.json()] == ["2021-06-09"]


@pytest.fixture
def scrutin() -> object:
    secretariat = UtilisateurFactory(role="agent_cpam", region="84")
    commission = CommissionFactory()
    composition = composition_paritaire(commission)
    point = PointFactory(reunion=ReunionFactory(commission=commission, en_seance=True))
    deliberations.enregistrer_presences(
        point.reunion, {s.pk: ("titulaire", None) for s in deliberations.sieges_votants(point.reunion)}, secretariat
    )
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    scrutin.composition = composition
    return scrutin


def test_un_membre_rattache_vote_par_l_api(client: TestClient, scrutin: object) -> None:
    membre = UtilisateurFactory(membre_cpr=True)
    csmf = scrutin.composition.sieges.get(organisation="CSMF")
    csmf.compte_titulaire = membre
    csmf.save()
    reponse = client.post(
        f"/commission/scrutins/{scrutin.pk}/votes", json={"siege": csmf.pk, "choix": "pour"}, user=membre
    )
    assert reponse.status_code == 201
    assert scrutin.bulletins.get().poids == 1


def test_le_detail_des_votes_est_refuse_a_un_agent_ars(client: TestClient, scrutin: object) -> None:
    reponse = client.get(f"/commission/scrutins/{scrutin.pk}", user=UtilisateurFactory(agent_ars_region=True))
    assert (reponse.status_code, reponse.json()["code"]) == (403, "acces_refuse")
