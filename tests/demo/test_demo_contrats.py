"""La démo reprend les 20 contrats du tableau publié, avec des versements faits à leurs échéances."""

import datetime

import pytest

from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.models import Contrat, Paiement
from cpts.dossiers.enums import Etape

pytestmark = pytest.mark.usefixtures("demo")
JUIN_2021 = datetime.date(2021, 6, 1)


def test_la_demo_reprend_les_contrats_des_monts_du_lyonnais_et_de_venissieux() -> None:
    premiers = {}
    for contrat in Contrat.objects.filter(cpts__region="84").select_related("cpts").order_by("-signature"):
        premiers[contrat.cpts.nom] = contrat
    assert premiers["Monts du Lyonnais"].signature == datetime.date(2020, 10, 5)
    assert premiers["Vénissieux"].signature == datetime.date(2019, 9, 24)
    assert (premiers["Monts du Lyonnais"].taille, premiers["Grand Annecy"].taille) == (2, 4)
    assert {c.cpts.etape for c in premiers.values()} == {Etape.CONTRAT_SIGNE}


def test_les_echeances_fixes_passees_au_1er_juin_2021_sont_payees() -> None:
    for contrat in Contrat.objects.filter(signature__lte=JUIN_2021):
        echeancier = echeancier_du_contrat(contrat)
        payees = [ligne for ligne in echeancier.lignes if ligne.du_le <= JUIN_2021 and ligne.definitif]
        assert payees
        assert all(ligne.restant == 0 for ligne in payees)
    assert Paiement.objects.filter(reference__startswith="DEMO-").exists()
