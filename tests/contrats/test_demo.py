"""La démo reprend les 20 contrats du tableau publié, avec des versements passés par les contrôles ordinaires."""

import datetime

import pytest

from cpts.comptes.models import Utilisateur
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.models import Contrat, Paiement
from cpts.demo import aura
from cpts.demo.comptes import creer_comptes
from cpts.demo.contrats import creer_contrats
from cpts.dossiers.enums import Etape

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def demo(communes: None) -> int:
    aura.creer_projets()
    creer_comptes()
    aura.creer_historique(Utilisateur.objects.get(username="agent.ars"))
    return creer_contrats()


def test_la_demo_reprend_les_contrats_des_monts_du_lyonnais_et_de_venissieux(demo: int) -> None:
    assert demo == 20
    contrats = {c.cpts.nom: c for c in Contrat.objects.select_related("cpts")}
    assert contrats["Monts du Lyonnais"].signature == datetime.date(2020, 10, 5)
    assert contrats["Vénissieux"].signature == datetime.date(2019, 9, 24)
    assert (contrats["Monts du Lyonnais"].taille, contrats["Grand Annecy"].taille) == (2, 4)
    assert {c.cpts.etape for c in contrats.values()} == {Etape.CONTRAT_SIGNE}


def test_les_echeances_fixes_passees_au_1er_juin_2021_sont_payees(demo: int) -> None:
    for contrat in Contrat.objects.filter(signature__lte=datetime.date(2021, 6, 1)):
        echeancier = echeancier_du_contrat(contrat)
        payees = [ligne for ligne in echeancier.lignes if ligne.du_le <= datetime.date(2021, 6, 1) and ligne.definitif]
        assert payees
        assert all(ligne.restant == 0 for ligne in payees)
    assert Paiement.objects.filter(reference__startswith="DEMO-").exists()


def test_relancer_la_demo_ne_cree_aucun_contrat_ni_versement(demo: int) -> None:
    avant = (Contrat.objects.count(), Paiement.objects.count())
    assert creer_contrats() == 0
    assert (Contrat.objects.count(), Paiement.objects.count()) == avant
