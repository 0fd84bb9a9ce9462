"""Un contrat de bout en bout sur cinq ans : signature, indicateurs et valeurs, dialogues de gestion, atteinte
retenue, versements de chaque avance, de chaque solde et de chaque part variable ; chaque année, le total versé est
le montant annuel des règles au taux d'atteinte retenu."""

import datetime
from decimal import Decimal

import pytest

from cpts.contrats import dialogue, indicateurs, services
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.enums import Sens, StatutLigne
from cpts.contrats.models import Paiement
from cpts.demo.contrats import payer_jusqu_au
from cpts.regles import montants_annuels
from cpts.regles.dates import anniversaire
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import cpts_prete_a_signer

pytestmark = pytest.mark.usefixtures("communes")

# Atteinte visée chaque année : accès aux soins (indicateurs nationaux), parcours et prévention (indicateurs locaux).
ATTEINTES = {
    "acces": [Decimal("1"), Decimal("0.5"), Decimal("0.8"), Decimal("0"), Decimal("1")],
    "parcours": [Decimal("0.25"), Decimal("1"), Decimal("1"), Decimal("0.6"), Decimal("0.9")],
    "prevention": [Decimal("1"), Decimal("1"), Decimal("0.3"), Decimal("1"), Decimal("0.75")],
}


def valeur_pour(sens: str, atteinte: Decimal) -> Decimal:
    """Référence 50 et cible 60 (croissant), ou référence 20 et cible 10 (décroissant) : la valeur qui donne
    exactement l'atteinte voulue."""
    return Decimal(50) + 10 * atteinte if sens == Sens.CROISSANT else Decimal(20) - 10 * atteinte


@pytest.mark.parametrize(
    "signature", [datetime.date(2020, 1, 31), datetime.date(2020, 2, 29), datetime.date(2020, 9, 15)]
)
def test_cinq_ans_de_versements_egalent_les_montants_annuels_des_regles(signature: datetime.date) -> None:
    agent = UtilisateurFactory(agent_cpam_departement=True)
    cpts = cpts_prete_a_signer()
    coordinatrice = UtilisateurFactory(cpts=[cpts])
    missions = dict.fromkeys(ATTEINTES, signature)
    contrat = services.signer(cpts, agent, signature=signature, missions_choisies=missions)

    for mission in ("parcours", "prevention"):
        indicateurs.enregistrer_indicateur(
            contrat,
            agent,
            {
                "mission": mission,
                "libelle": f"Patients accompagnés ({mission})",
                "definition": "Nombre de patients accompagnés.",
                "source": "CPTS",
                "sens": Sens.CROISSANT,
                "reference": Decimal(50),
                "poids": Decimal(1),
            },
        )
    for indicateur in contrat.indicateurs.all():
        croissant = indicateur.sens == Sens.CROISSANT
        reference = {"reference": Decimal(50 if croissant else 20)}
        indicateurs.enregistrer_indicateur(contrat, agent, reference, indicateur, revision=indicateur.revision)
        indicateurs.fixer_cibles(indicateur, dict.fromkeys(range(1, 6), 60 if croissant else 10), agent)

    for annee in range(1, 6):
        fin_annee = anniversaire(signature, annee)
        for indicateur in contrat.indicateurs.all():
            atteinte = ATTEINTES[indicateur.mission][annee - 1]
            indicateurs.declarer_valeur(indicateur, annee, valeur_pour(indicateur.sens, atteinte), coordinatrice)
        tenu = dialogue.tenir_dialogue(
            contrat, agent, annee=annee, date=fin_annee, participants="CPTS, CPAM, ARS", decisions="Poursuivre."
        )
        for bilan in tenu.bilans.all():
            assert bilan.taux_calcule == ATTEINTES[bilan.mission][annee - 1]
            dialogue.retenir_atteinte(bilan, agent, bilan.taux_calcule)
        payer_jusqu_au(contrat, agent, fin_annee)

    echeancier = echeancier_du_contrat(contrat)
    assert {ligne.statut for ligne in echeancier.lignes} == {StatutLigne.PAYE}
    assert echeancier.total.restant == 0
    for annee, total in echeancier.par_annee():
        debut = anniversaire(signature, annee - 1)
        attendu = montants_annuels(
            debut,
            contrat.taille,
            list(ATTEINTES),
            atteinte={mission: taux[annee - 1] for mission, taux in ATTEINTES.items()},
        ).total
        assert total.paye == total.du == attendu, f"année {annee}"
    assert sum(p.montant for p in Paiement.objects.filter(contrat=contrat)) == echeancier.total.du
    natures = set(Paiement.objects.filter(contrat=contrat).values_list("nature", flat=True))
    assert natures == {"avance", "solde"}
