"""Sur la démonstration, les listes d'un agent ARS lues dans l'état gardé (`cpts.contrats.etat`) sont celles du
calcul complet de chaque contrat, à des jours différents, sans aucune écriture entre eux."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import Role
from cpts.contrats.alertes import alertes
from cpts.contrats.echeancier import lignes_a_venir
from cpts.contrats.models import Contrat
from cpts.contrats.prechargement import precharger
from tests.conftest import INSTANT_DES_TESTS

pytestmark = pytest.mark.usefixtures("demo")

AUJOURD_HUI = INSTANT_DES_TESTS.date()
JOURS = (datetime.date(2021, 6, 1), AUJOURD_HUI, AUJOURD_HUI.replace(year=AUJOURD_HUI.year + 1))
PAR_PAGE = 50


def _alerte(alerte: object) -> tuple[object, ...]:
    return (alerte.contrat.pk, alerte.type, alerte.niveau, alerte.echeance, alerte.message)  # type: ignore[attr-defined]


def _entree(entree: object) -> tuple[object, ...]:
    ligne = entree.ligne  # type: ignore[attr-defined]
    return (entree.contrat.pk, ligne.cle, ligne.restant, ligne.du_le, ligne.statut)  # type: ignore[attr-defined]


@pytest.fixture
def agent() -> Utilisateur:
    """Un agent des Pays de la Loire, dont les premiers contrats sont de 2020."""
    return Utilisateur.objects.create(username="agent.ars.52", role=Role.AGENT_ARS, region="52")


def _client(agent: Utilisateur) -> Client:
    client = Client()
    client.force_login(agent)
    return client


def _visibles(agent: Utilisateur) -> list[Contrat]:
    contrats = Contrat.objects.visibles_par(agent).select_related("cpts").order_by("cpts__nom", "pk")
    return list(precharger(contrats))


@pytest.mark.parametrize("le", JOURS, ids=[f"{jour:%d-%m-%Y}" for jour in JOURS])
def test_la_page_des_alertes_egale_le_calcul_complet(agent: Utilisateur, le: datetime.date) -> None:
    attendues = alertes(_visibles(agent), le)
    with time_machine.travel(datetime.datetime.combine(le, datetime.time(12)), tick=False):
        reponse = _client(agent).get("/contrats/alertes/")
    assert reponse.context["page_alertes"].paginator.count == len(attendues)
    assert [_alerte(a) for a in reponse.context["alertes"]] == [_alerte(a) for a in attendues[:PAR_PAGE]]


@pytest.mark.parametrize("le", JOURS, ids=[f"{jour:%d-%m-%Y}" for jour in JOURS])
def test_la_page_des_versements_a_venir_egale_le_calcul_complet(agent: Utilisateur, le: datetime.date) -> None:
    attendues = lignes_a_venir(_visibles(agent), le, 365)
    with time_machine.travel(datetime.datetime.combine(le, datetime.time(12)), tick=False):
        reponse = _client(agent).get("/contrats/versements/?jours=365")
    page = reponse.context["page_entrees"]
    assert page.paginator.count == len(attendues)
    assert [_entree(e) for e in page.object_list] == [_entree(e) for e in attendues[:PAR_PAGE]]
    assert reponse.context["total"] == sum((e.ligne.restant for e in attendues), Decimal(0))


@pytest.mark.parametrize("le", JOURS, ids=[f"{jour:%d-%m-%Y}" for jour in JOURS])
def test_les_alertes_de_l_accueil_egalent_le_calcul_complet_au_jour_demande(
    agent: Utilisateur, le: datetime.date
) -> None:
    region = Contrat.objects.visibles_par(agent).filter(cpts__region="52", signature__lte=le).select_related("cpts")
    # Sans tri demandé : les contrats dans leur ordre par défaut, comme l'accueil.
    attendues = alertes(precharger(region), le)[:15]
    reponse = _client(agent).get(f"/?date={le:%Y-%m-%d}")
    assert [_alerte(a) for a in reponse.context["alertes"]] == [_alerte(a) for a in attendues]


def test_aujourd_hui_la_region_a_des_alertes_et_des_versements_a_venir_a_comparer(agent: Utilisateur) -> None:
    """Les comparaisons ci-dessus ne sont pas vides (au 01/06/2021, tout ce qui était dû est déjà versé : rien à
    montrer, ni dans l'état gardé ni au calcul)."""
    assert alertes(_visibles(agent), AUJOURD_HUI)
    assert lignes_a_venir(_visibles(agent), AUJOURD_HUI, 365)
