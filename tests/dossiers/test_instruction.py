"""Instruction : notes privées des agents, demandes de complément et réponses de l'équipe projet."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cpts.comptes.droits import Action, autorise
from cpts.dossiers import instruction
from cpts.dossiers.enums import StatutDemande
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cpts() -> object:
    return CptsFactory()


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_cpam_departement=True)


def test_un_agent_ecrit_une_note_que_les_agents_lisent(cpts: object, agent: object) -> None:
    note = instruction.ecrire_note(cpts, "Territoire à vérifier avec la DD.", agent)
    autre_agent = UtilisateurFactory(agent_ars_region=True)
    assert list(instruction.notes_visibles(autre_agent, cpts)) == [note]


@pytest.mark.parametrize("profil", ["coordinateur", "membre_cpr", "lecteur_national"])
def test_les_notes_d_instruction_sont_invisibles_hors_des_agents(cpts: object, agent: object, profil: str) -> None:
    instruction.ecrire_note(cpts, "Avis réservé.", agent)
    utilisateur = {
        "coordinateur": lambda: UtilisateurFactory(cpts=[cpts]),
        "membre_cpr": lambda: UtilisateurFactory(membre_cpr=True),
        "lecteur_national": UtilisateurFactory,
    }[profil]()
    assert not instruction.notes_visibles(utilisateur, cpts).exists()


def test_un_coordinateur_ne_peut_pas_ecrire_de_note(cpts: object) -> None:
    with pytest.raises(PermissionDenied):
        instruction.ecrire_note(cpts, "Note", UtilisateurFactory(cpts=[cpts]))


def test_seuls_les_agents_du_perimetre_instruisent(cpts: object, agent: object) -> None:
    assert autorise(agent, Action.INSTRUIRE, cpts)
    assert not autorise(UtilisateurFactory(role="agent_cpam", departements=["38"]), Action.INSTRUIRE, cpts)
    assert not autorise(UtilisateurFactory(cpts=[cpts]), Action.INSTRUIRE, cpts)


def test_l_equipe_repond_a_une_demande_puis_l_agent_la_leve(cpts: object, agent: object) -> None:
    demande = instruction.demander_complement(cpts, agent, objet="Item 8", texte="Précisez les moyens d'action.")
    coordinateur = UtilisateurFactory(cpts=[cpts])
    instruction.repondre(demande, "Nous aurons une coordinatrice à mi-temps.", coordinateur)
    assert demande.statut == StatutDemande.REPONDUE
    instruction.lever(demande, agent)
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.LEVEE
    assert demande.historique.count() == 3


def test_une_demande_levee_n_attend_plus_de_reponse(cpts: object, agent: object) -> None:
    demande = instruction.demander_complement(cpts, agent, objet="Budget", texte="Budget à équilibrer.")
    instruction.lever(demande, agent)
    with pytest.raises(ValidationError, match="n'attend plus de réponse"):
        instruction.repondre(demande, "Trop tard", UtilisateurFactory(cpts=[cpts]))


def test_une_demande_avec_une_echeance_passee_est_refusee(cpts: object, agent: object) -> None:
    hier = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refus:
        instruction.demander_complement(cpts, agent, objet="Item 3", texte="Précisez.", echeance=hier)
    assert refus.value.message_dict == {"echeance": [f"Réponse attendue avant le : le {hier:%d/%m/%Y} est déjà passé."]}


def test_un_coordinateur_ne_demande_pas_de_complement(cpts: object) -> None:
    with pytest.raises(PermissionDenied):
        instruction.demander_complement(cpts, UtilisateurFactory(cpts=[cpts]), objet="X", texte="Y")


def test_un_agent_du_departement_secondaire_voit_la_cpts() -> None:
    cpts = CptsFactory(autres_departements=["42"])
    agent_loire = UtilisateurFactory(role="agent_cpam", departements=["42"])
    assert autorise(agent_loire, Action.VOIR, cpts)
    cpts.autres_departements = []
    cpts.save()
    assert not autorise(agent_loire, Action.VOIR, cpts)
