"""Un projet n'apparaît jamais dans un tableau daté d'avant son premier fait daté."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cpts.dossiers.models import Cpts
from cpts.pilotage.evolution import evolution
from cpts.pilotage.tableaux import etat_des_lieux
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.usefixtures("communes")
JUIN_2021 = datetime.date(2021, 6, 1)


def test_l_inscription_demande_quand_la_dynamique_a_commence(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    reponse = client.post(reverse("dossiers:creer"), {"nom": "Pays de Tarare", "region": "84", "departement": "69"})
    assert "dynamique_depuis" in reponse.context["formulaire"].errors
    assert not Cpts.objects.filter(nom="Pays de Tarare").exists()


def test_un_projet_inscrit_sans_date_est_engage_le_jour_de_son_inscription() -> None:
    cpts = Cpts.objects.create(nom="Inscrit aujourd'hui", departement="69", region="84")

    assert cpts.dynamique_depuis is not None
    assert etat_des_lieux("84", datetime.date(1990, 1, 1)).total.total == 0
    assert etat_des_lieux("84", JUIN_2021).total.total == 0
    assert etat_des_lieux("84", cpts.dynamique_depuis).total.total == 1


def test_un_projet_repris_sans_decisions_n_est_a_son_etape_qu_a_partir_de_sa_date() -> None:
    CptsFactory(signe=True, etape_depuis=datetime.date(2021, 3, 1), dynamique_depuis=datetime.date(2020, 1, 1))

    assert etat_des_lieux("84", datetime.date(2019, 12, 31)).total.total == 0
    fevrier = etat_des_lieux("84", datetime.date(2021, 2, 1)).total.comptes
    assert (fevrier["dynamique"], fevrier["contrat_signe"]) == (1, 0)
    assert etat_des_lieux("84", datetime.date(2021, 3, 1)).total.comptes["contrat_signe"] == 1


def test_l_etat_des_lieux_aura_du_1er_juin_2021_reste_96_avec_un_projet_inscrit_aujourd_hui(
    charger_la_demo: Callable[[], None],
) -> None:
    charger_la_demo()
    Cpts.objects.create(nom="Inscrit aujourd'hui", departement="69", region="84")

    assert etat_des_lieux("84", JUIN_2021).total.total == 96
    assert etat_des_lieux("84", datetime.date(1990, 1, 1)).total.total == 0
    points = evolution("84", JUIN_2021)
    assert sum(points[-1].comptes.values()) == 96
