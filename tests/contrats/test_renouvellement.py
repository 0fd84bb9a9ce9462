"""Renouveler un contrat arrivé à son terme : un nouveau contrat, sous le texte de sa signature ; l'ancien garde ses
versements."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cpts.contrats import paiements
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.models import Contrat, Paiement
from cpts.contrats.renouvellement import renouveler
from cpts.pilotage.tableaux import contrats_signes
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory
from tests.dossiers.factories import COMMUNES_MONTS_DU_LYONNAIS, CptsFactory

pytestmark = pytest.mark.usefixtures("communes")

SIGNATURE_2020 = datetime.date(2020, 9, 15)
FIN_2025 = datetime.date(2025, 9, 15)
SOCLES_AVENANT_2 = ("acces", "parcours", "prevention", "crise")


@pytest.fixture
def ancien() -> Contrat:
    cpts = CptsFactory(signe=True, etape_depuis=SIGNATURE_2020, territoire=COMMUNES_MONTS_DU_LYONNAIS)
    return ContratFactory(cpts=cpts, aci_2019=True, taille=1, population=12_000)


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(administrateur=True)


def _verser_la_premiere_ligne(contrat: Contrat, agent: object) -> Paiement:
    ligne = next(ligne for ligne in echeancier_du_contrat(contrat).lignes if ligne.payable)
    return paiements.enregistrer_paiement(
        contrat,
        agent,
        annee=ligne.annee,
        mission=ligne.mission,
        volet=ligne.volet,
        nature=ligne.nature,
        montant=str(ligne.payable),
        date=ligne.du_le,
        reference=f"VIR-{contrat.signature:%Y}-0001",
    )


def test_le_renouvellement_d_un_contrat_de_2020_laisse_intacts_les_versements_des_deux_contrats(
    ancien: Contrat, agent: object
) -> None:
    verse_avant = _verser_la_premiere_ligne(ancien, agent)
    echeancier_avant = echeancier_du_contrat(ancien).total

    nouveau = renouveler(ancien, agent, signature=FIN_2025, missions_choisies=dict.fromkeys(SOCLES_AVENANT_2, FIN_2025))
    verse_apres = _verser_la_premiere_ligne(nouveau, agent)

    assert (nouveau.signature, nouveau.fin, nouveau.texte) == (FIN_2025, datetime.date(2030, 9, 15), "avenant-2")
    assert nouveau.territoire == ancien.cpts.territoires.get(fin__isnull=True)
    assert echeancier_du_contrat(ancien).total == echeancier_avant
    assert list(ancien.paiements.all()) == [verse_avant]
    assert list(nouveau.paiements.all()) == [verse_apres]
    assert nouveau.historique.earliest().history_change_reason == "Renouvellement du contrat du 15/09/2020"


def test_une_cpts_renouvelee_compte_une_fois_dans_le_tableau_des_contrats(ancien: Contrat, agent: object) -> None:
    renouveler(ancien, agent, signature=FIN_2025, missions_choisies=dict.fromkeys(SOCLES_AVENANT_2, FIN_2025))

    lignes = contrats_signes("84", datetime.date(2026, 1, 1))
    assert [(ligne.nom, ligne.signature) for ligne in lignes] == [(ancien.cpts.nom, FIN_2025)]


def test_le_renouvellement_ne_se_signe_pas_avant_la_fin_du_contrat(ancien: Contrat, agent: object) -> None:
    with pytest.raises(ValidationError) as erreur:
        renouveler(
            ancien, agent, signature=datetime.date(2025, 3, 1), missions_choisies=dict.fromkeys(SOCLES_AVENANT_2)
        )
    assert "à partir de cette date" in erreur.value.message_dict["signature"][0]
    assert Contrat.objects.count() == 1


def test_au_dela_du_delai_de_douze_mois_ce_n_est_plus_un_renouvellement(ancien: Contrat, agent: object) -> None:
    with pytest.raises(ValidationError) as erreur:
        renouveler(
            ancien, agent, signature=datetime.date(2026, 9, 16), missions_choisies=dict.fromkeys(SOCLES_AVENANT_2)
        )
    assert "au plus tard le 15/09/2026" in erreur.value.message_dict["signature"][0]


def test_le_nouveau_contrat_suit_le_texte_de_sa_signature(ancien: Contrat, agent: object) -> None:
    with pytest.raises(ValidationError) as erreur:
        renouveler(
            ancien, agent, signature=FIN_2025, missions_choisies=dict.fromkeys(("acces", "parcours", "prevention"))
        )
    assert "Crises sanitaires" in " ".join(erreur.value.message_dict["missions"])


def test_un_contrat_ne_se_renouvelle_qu_une_fois(ancien: Contrat, agent: object) -> None:
    renouveler(ancien, agent, signature=FIN_2025, missions_choisies=dict.fromkeys(SOCLES_AVENANT_2))
    with pytest.raises(ValidationError, match="a déjà été renouvelé"):
        renouveler(
            ancien, agent, signature=datetime.date(2025, 10, 1), missions_choisies=dict.fromkeys(SOCLES_AVENANT_2)
        )


def test_un_coordinateur_ne_renouvelle_pas_le_contrat(ancien: Contrat) -> None:
    with pytest.raises(PermissionDenied):
        renouveler(
            ancien,
            UtilisateurFactory(cpts=[ancien.cpts]),
            signature=FIN_2025,
            missions_choisies=dict.fromkeys(SOCLES_AVENANT_2),
        )
