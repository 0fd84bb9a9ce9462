"""La table des droits des contrats, vérifiée au seul point de décision (`cpts.comptes.droits`)."""

import pytest

from cpts.comptes.droits import Action, autorise, filtrer
from cpts.contrats.models import Contrat, Paiement
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, PaiementFactory

pytestmark = pytest.mark.django_db

VOIR, SIGNER, SUIVRE, DECLARER, PAYER = (
    Action.VOIR,
    Action.SIGNER_CONTRAT,
    Action.SUIVRE_CONTRAT,
    Action.DECLARER_INDICATEURS,
    Action.PAYER,
)

# « sien » : le contrat de la CPTS du coordinateur (Rhône, région 84) ; « ailleurs » : Loire-Atlantique (région 52).
TABLE = [
    ("administrateur", "ailleurs", PAYER, True),
    ("agent_cpam_departement", "sien", PAYER, True),
    ("agent_cpam_departement", "sien", SIGNER, True),
    ("agent_cpam_departement", "ailleurs", PAYER, False),
    ("agent_ars_region", "sien", PAYER, False),
    ("agent_ars_region", "sien", SIGNER, True),
    ("agent_ars_region", "sien", SUIVRE, True),
    ("agent_ars_region", "sien", DECLARER, True),
    ("agent_ars_region", "ailleurs", VOIR, False),
    ("coordinateur", "sien", VOIR, True),
    ("coordinateur", "sien", DECLARER, True),
    ("coordinateur", "sien", SUIVRE, False),
    ("coordinateur", "sien", SIGNER, False),
    ("coordinateur", "sien", PAYER, False),
    ("coordinateur", "ailleurs", VOIR, False),
    ("coordinateur", "ailleurs", DECLARER, False),
    ("membre_cpr", "sien", VOIR, True),
    ("membre_cpr", "sien", DECLARER, False),
    ("lecteur_national", "ailleurs", VOIR, True),
    ("lecteur_national", "sien", PAYER, False),
]


@pytest.fixture
def contrats() -> dict[str, Contrat]:
    return {"sien": ContratFactory(), "ailleurs": ContratFactory(hors_region=True)}


def utilisateur(profil: str, contrats: dict[str, Contrat]) -> object:
    if profil == "coordinateur":
        return UtilisateurFactory(cpts=[contrats["sien"].cpts])
    if profil == "lecteur_national":
        return UtilisateurFactory()
    return UtilisateurFactory(**{profil: True})


@pytest.mark.parametrize(("profil", "objet", "action", "attendu"), TABLE)
def test_la_table_des_droits_des_contrats(
    contrats: dict[str, Contrat], profil: str, objet: str, action: Action, attendu: bool
) -> None:
    assert autorise(utilisateur(profil, contrats), action, contrats[objet]) is attendu


@pytest.mark.parametrize(("profil", "objet", "action", "attendu"), TABLE)
def test_les_versements_suivent_les_droits_de_leur_contrat(
    contrats: dict[str, Contrat], profil: str, objet: str, action: Action, attendu: bool
) -> None:
    paiement = PaiementFactory(contrat=contrats[objet])
    assert (paiement in filtrer(utilisateur(profil, contrats), Paiement.objects.all(), action)) is attendu


def test_un_agent_d_un_departement_couvert_voit_le_contrat() -> None:
    from tests.dossiers.factories import CptsFactory

    contrat = ContratFactory(cpts=CptsFactory(signe=True, departement="42", autres_departements=["69"]))
    assert autorise(UtilisateurFactory(agent_cpam_departement=True), Action.PAYER, contrat)
