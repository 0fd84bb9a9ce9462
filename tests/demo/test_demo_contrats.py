"""La démo reprend les 20 contrats du tableau publié, avec des versements faits à leurs échéances."""

import datetime

import pytest
from django.utils import timezone

from cpts.comptes.models import Utilisateur
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.models import Contrat, EtatContrat, Paiement
from cpts.demo.contrats import payer_jusqu_au, suivre
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


def test_suivre_de_nouveau_un_contrat_a_jour_garde_son_etat_calcule() -> None:
    # `make run` relance la démonstration à chaque démarrage : un contrat déjà suivi jusqu'au jour n'est pas recalculé.
    contrat = Contrat.objects.filter(cpts__region="84").order_by("pk").first()
    etat = EtatContrat.objects.get(contrat=contrat)
    suivre(contrat, Utilisateur.objects.get(username="admin"), timezone.localdate())
    assert EtatContrat.objects.filter(pk=etat.pk).exists()


def test_des_versements_ecrits_en_masse_periment_l_etat_du_contrat() -> None:
    contrat = Contrat.objects.filter(cpts__region="84").order_by("pk").first()
    Paiement.objects.filter(contrat=contrat).delete()
    EtatContrat.objects.filter(contrat=contrat).delete()
    EtatContrat.objects.create(contrat=contrat, version="avant", avertissements=[])
    payer_jusqu_au(contrat, Utilisateur.objects.get(username="admin"), timezone.localdate())
    assert Paiement.objects.filter(contrat=contrat).exists()
    assert not EtatContrat.objects.filter(contrat=contrat).exists()
