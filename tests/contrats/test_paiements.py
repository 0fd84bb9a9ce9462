"""Enregistrer un versement : chaque refus a son message en français et n'écrit rien."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from cpts.contrats import paiements
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.enums import StatutLigne
from cpts.contrats.models import Paiement
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import SIGNATURE, BilanFactory, ContratFactory, DialogueFactory, PaiementFactory

pytestmark = pytest.mark.django_db

# Contrat de taille 2 signé le 15/06/2022, missions socles démarrées à la signature : le fonctionnement de l'année 1
# est de 60 000 €, en avance de 45 000 € puis solde de 15 000 € au 15/06/2023.
AVANCE = {"annee": 1, "mission": "fonctionnement", "volet": "fixe", "nature": "avance"}


@pytest.fixture
def contrat() -> object:
    return ContratFactory()


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_cpam_departement=True)


def payer(contrat: object, agent: object, **autres: object) -> Paiement:
    parametres = {**AVANCE, "montant": "45000", "date": SIGNATURE, "reference": "VIR-2022-0001", **autres}
    return paiements.enregistrer_paiement(contrat, agent, **parametres)


def refus(contrat: object, agent: object, **autres: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as erreur:
        payer(contrat, agent, **autres)
    assert not Paiement.objects.exists()
    return erreur.value.message_dict


def test_un_versement_enregistre_solde_sa_ligne(contrat: object, agent: object) -> None:
    paiement = payer(contrat, agent)
    ligne = echeancier_du_contrat(contrat).ligne((1, "fonctionnement", "fixe", "avance"))
    assert (paiement.montant, paiement.du_a_l_enregistrement, paiement.enregistre_par) == (
        Decimal("45000.00"),
        Decimal("45000.00"),
        agent,
    )
    assert (ligne.paye, ligne.restant, ligne.statut) == (Decimal("45000.00"), 0, StatutLigne.PAYE)


def test_un_versement_partiel_laisse_le_reste_a_payer(contrat: object, agent: object) -> None:
    payer(contrat, agent, montant="20000,50")
    ligne = echeancier_du_contrat(contrat).ligne((1, "fonctionnement", "fixe", "avance"))
    assert ligne.restant == Decimal("24999.50")


def test_un_versement_au_dela_du_du_est_refuse(contrat: object, agent: object) -> None:
    assert refus(contrat, agent, montant="45000.01")["montant"] == [
        "Le versement de 45\u202f000,01\u00a0€ dépasse le restant dû sur cette ligne (45\u202f000,00\u00a0€ sur "
        "45\u202f000,00\u00a0€)."
    ]


def test_une_ligne_deja_payee_ne_se_paie_pas_deux_fois(contrat: object, agent: object) -> None:
    payer(contrat, agent)
    with pytest.raises(ValidationError) as erreur:
        payer(contrat, agent, reference="VIR-2022-0002")
    assert erreur.value.message_dict["ligne"] == [
        "Année 1, Fonctionnement, montant total, avance : déjà entièrement payé (45\u202f000,00\u00a0€ versés)."
    ]
    assert Paiement.objects.count() == 1


def test_une_reference_deja_enregistree_est_refusee(contrat: object, agent: object) -> None:
    payer(contrat, agent, montant="1000")
    with pytest.raises(ValidationError) as erreur:
        payer(contrat, agent, montant="1000")
    assert erreur.value.message_dict["reference"] == [
        "La référence « VIR-2022-0001 » a déjà été enregistrée (versement du 15/06/2022) : un même paiement ne "
        "s'enregistre pas deux fois."
    ]
    assert Paiement.objects.count() == 1


def test_un_versement_avant_son_echeance_demande_un_motif(contrat: object, agent: object) -> None:
    solde = {**AVANCE, "nature": "solde", "montant": "15000", "date": datetime.date(2023, 5, 2)}
    assert refus(contrat, agent, **solde)["motif_anticipation"] == [
        "Ce versement précède son échéance du 15/06/2023 : indiquez le motif du versement anticipé."
    ]
    paiement = payer(contrat, agent, **solde, motif_anticipation="Clôture comptable de l'association.")
    assert paiement.motif_anticipation == "Clôture comptable de l'association."


def test_un_versement_date_dans_le_futur_est_refuse(contrat: object, agent: object) -> None:
    demain = datetime.date.today() + datetime.timedelta(days=1)
    assert "dans le futur" in refus(contrat, agent, date=demain)["date"][0]


def test_un_versement_anterieur_au_contrat_est_refuse(contrat: object, agent: object) -> None:
    assert refus(contrat, agent, date=datetime.date(2022, 6, 1))["date"] == [
        "Un versement ne peut précéder la signature du contrat (15/06/2022)."
    ]


@pytest.mark.parametrize("montant", ["0", "-10", "abc", "12.345", "NaN", "1e20"])
def test_un_montant_invalide_est_refuse(contrat: object, agent: object, montant: str) -> None:
    assert "montant" in refus(contrat, agent, montant=montant)


def test_une_ligne_absente_de_l_echeancier_est_refusee(contrat: object, agent: object) -> None:
    assert refus(contrat, agent, mission="qualite")["ligne"] == ["Cette ligne ne figure pas à l'échéancier du contrat."]


def test_le_solde_variable_attend_l_atteinte_retenue(contrat: object, agent: object) -> None:
    variable = {"annee": 1, "mission": "acces", "volet": "variable", "nature": "solde"}
    message = refus(contrat, agent, **variable, montant="100", date=datetime.date(2023, 6, 15))["ligne"][0]
    assert "qui n'a pas encore été retenue au dialogue de gestion" in message
    BilanFactory(
        dialogue=DialogueFactory(contrat=contrat), mission="acces", taux_retenu=Decimal("0.5"), retenu_le=timezone.now()
    )
    paiement = payer(contrat, agent, **variable, montant="15000", date=datetime.date(2023, 6, 20))
    assert paiement.du_a_l_enregistrement == Decimal("15000.00")  # 30 000 € (taille 2, avenant 2) × 50 %


def test_seul_un_agent_cpam_enregistre_un_versement(contrat: object) -> None:
    for utilisateur, refus in (
        (UtilisateurFactory(agent_ars_region=True), PermissionDenied),
        (UtilisateurFactory(cpts=[contrat.cpts]), PermissionDenied),
        # Hors de son périmètre, le contrat est introuvable, comme un contrat qui n'existe pas.
        (UtilisateurFactory(role="agent_cpam", departements=["38"]), Http404),
    ):
        with pytest.raises(refus):
            payer(contrat, utilisateur)
    assert not Paiement.objects.exists()


def test_un_versement_annule_ne_compte_plus_et_la_ligne_se_repaie(contrat: object, agent: object) -> None:
    paiement = payer(contrat, agent)
    paiements.annuler_paiement(paiement, agent, "Virement rejeté par la banque.")
    assert echeancier_du_contrat(contrat).ligne((1, "fonctionnement", "fixe", "avance")).paye == 0
    payer(contrat, agent, reference="VIR-2022-0001-BIS")
    with pytest.raises(ValidationError, match="déjà annulé"):
        paiements.annuler_paiement(paiement, agent, "Encore")


def test_un_versement_ne_se_modifie_ni_ne_se_supprime(contrat: object, agent: object) -> None:
    paiement = payer(contrat, agent)
    paiement.montant = Decimal(1)
    with pytest.raises(ValidationError, match="ne se modifie pas"):
        paiement.save()
    with pytest.raises(ValidationError, match="ne se supprime pas"):
        paiement.delete()


@pytest.mark.parametrize(
    "champs",
    [
        {"montant": Decimal("0.00")},
        {"montant": Decimal("-5.00")},
        {"montant": Decimal("50000.00"), "du_a_l_enregistrement": Decimal("45000.00")},
        {"reference": ""},
        {"nature": "bonus"},
        {"annee": 0},
    ],
)
def test_la_base_refuse_un_versement_hors_des_invariants(contrat: object, champs: dict) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PaiementFactory(contrat=contrat, **champs)


def test_la_base_refuse_une_reference_en_double(contrat: object) -> None:
    PaiementFactory(contrat=contrat, reference="VIR-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaiementFactory(contrat=ContratFactory(), reference="VIR-1")


def test_un_versement_sur_une_ligne_disparue_apparait_en_trop_percu(contrat: object) -> None:
    PaiementFactory(contrat=contrat, mission="qualite", volet="fixe", nature="avance", montant=Decimal("100.00"))
    ligne = echeancier_du_contrat(contrat).ligne((1, "qualite", "fixe", "avance"))
    assert (ligne.montant, ligne.paye, ligne.statut) == (0, Decimal("100.00"), StatutLigne.TROP_PERCU)
