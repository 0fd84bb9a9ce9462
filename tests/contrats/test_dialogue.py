"""Le dialogue de gestion : une réunion par année, l'atteinte calculée proposée, l'atteinte retenue motivée."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cpts.contrats import dialogue
from cpts.contrats.models import BilanMission, DialogueGestion
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import BilanFactory, ContratFactory, IndicateurFactory, PaiementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


@pytest.fixture
def contrat() -> object:
    contrat = ContratFactory()
    IndicateurFactory(contrat=contrat, mission="acces", reference=0, cibles={1: 100}, valeurs={1: 80})
    return contrat


def tenir(contrat: object, agent: object, **autres: object) -> DialogueGestion:
    parametres = {"annee": 1, "date": datetime.date(2023, 7, 3), "participants": "CPTS, CPAM, ARS", **autres}
    return dialogue.tenir_dialogue(contrat, agent, **parametres)


def test_le_dialogue_ouvre_un_bilan_par_mission_avec_l_atteinte_calculee(contrat: object, agent: object) -> None:
    tenu = tenir(contrat, agent, constats={"acces": "SAS en place depuis mars."})
    bilans = {bilan.mission: bilan for bilan in tenu.bilans.all()}
    assert set(bilans) == {"acces", "parcours", "prevention", "crise"}
    assert bilans["acces"].taux_calcule == Decimal("0.8")
    assert bilans["acces"].constat == "SAS en place depuis mars."
    assert bilans["parcours"].taux_calcule is None


def test_retenir_l_atteinte_calculee_ne_demande_pas_de_motif(contrat: object, agent: object) -> None:
    bilan = tenir(contrat, agent).bilans.get(mission="acces")
    dialogue.retenir_atteinte(bilan, agent, "0,8")
    bilan.refresh_from_db()
    assert (bilan.taux_retenu, bilan.retenu_par, bilan.motif) == (Decimal("0.8"), agent, "")


def test_s_ecarter_de_l_atteinte_calculee_demande_un_motif(contrat: object, agent: object) -> None:
    bilan = tenir(contrat, agent).bilans.get(mission="acces")
    with pytest.raises(ValidationError) as erreur:
        dialogue.retenir_atteinte(bilan, agent, "0.9")
    assert erreur.value.message_dict["motif"] == [
        "Motif obligatoire : l'atteinte calculée est 0.8000, le taux retenu (0.9) en diffère."
    ]
    dialogue.retenir_atteinte(bilan, agent, "0.9", "Données hospitalières incomplètes en fin d'année.")
    bilan.refresh_from_db()
    assert bilan.taux_retenu == Decimal("0.9")


@pytest.mark.parametrize("taux", ["1.2", "-0.1", "150", "abc", ""])
def test_une_atteinte_hors_de_0_a_1_est_refusee(contrat: object, agent: object, taux: str) -> None:
    bilan = tenir(contrat, agent).bilans.get(mission="acces")
    with pytest.raises(ValidationError) as erreur:
        dialogue.retenir_atteinte(bilan, agent, taux, "motif")
    assert "taux" in erreur.value.message_dict
    bilan.refresh_from_db()
    assert bilan.taux_retenu is None


def test_la_base_refuse_une_atteinte_hors_de_0_a_1_ou_un_ecart_sans_motif(contrat: object) -> None:
    maintenant = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        BilanFactory(dialogue__contrat=contrat, taux_retenu=Decimal("1.5"), retenu_le=maintenant)
    with pytest.raises(IntegrityError), transaction.atomic():
        BilanFactory(
            dialogue__contrat=contrat,
            taux_calcule=Decimal("0.5"),
            taux_retenu=Decimal("0.7"),
            motif="",
            retenu_le=maintenant,
        )


def test_un_seul_dialogue_par_annee_du_contrat(contrat: object, agent: object) -> None:
    tenir(contrat, agent)
    with pytest.raises(ValidationError, match="a déjà été enregistré"):
        tenir(contrat, agent)


@pytest.mark.parametrize(
    ("parametres", "champ"),
    [
        ({"annee": 6}, "annee"),
        ({"date": datetime.date(2022, 6, 1)}, "date"),
        ({"date": datetime.date.today() + datetime.timedelta(days=2)}, "date"),
        ({"participants": " "}, "participants"),
        ({"constats": {"qualite": "absente"}}, "constats"),
    ],
)
def test_un_dialogue_hors_des_regles_est_refuse_sans_rien_ecrire(
    contrat: object, agent: object, parametres: dict, champ: str
) -> None:
    with pytest.raises(ValidationError) as erreur:
        tenir(contrat, agent, **parametres)
    assert champ in erreur.value.message_dict
    assert not DialogueGestion.objects.exists()


def test_l_atteinte_d_un_volet_variable_deja_paye_ne_change_plus(contrat: object, agent: object) -> None:
    bilan = tenir(contrat, agent).bilans.get(mission="acces")
    dialogue.retenir_atteinte(bilan, agent, "0.8")
    PaiementFactory(contrat=contrat, mission="acces", volet="variable", nature="solde")
    with pytest.raises(ValidationError, match="a déjà été payé"):
        dialogue.retenir_atteinte(bilan, agent, "1", "Révision")


def test_le_coordinateur_ne_tient_pas_le_dialogue(contrat: object) -> None:
    with pytest.raises(PermissionDenied):
        tenir(contrat, UtilisateurFactory(cpts=[contrat.cpts]))
    assert not BilanMission.objects.exists()


def test_une_crise_survenue_sans_mission_crise_est_refusee(agent: object) -> None:
    contrat = ContratFactory(aci_2019=True)
    with pytest.raises(ValidationError, match="La mission crises sanitaires ne figure pas au contrat"):
        tenir(contrat, agent, date=datetime.date(2021, 9, 20), crise_survenue=True)


def test_modifier_le_dialogue_met_a_jour_decisions_et_constats(contrat: object, agent: object) -> None:
    tenu = tenir(contrat, agent)
    dialogue.modifier_dialogue(
        tenu,
        agent,
        participants="CPTS, CPAM",
        decisions="Avenant pour ajouter la mission qualité.",
        avenant_necessaire=True,
        crise_survenue=False,
        constats={"parcours": "Deux parcours ouverts."},
        revision=tenu.revision,
    )
    tenu.refresh_from_db()
    assert tenu.avenant_necessaire
    assert tenu.bilans.get(mission="parcours").constat == "Deux parcours ouverts."


def test_dialogue_d_une_annee_pas_encore_commencee() -> None:
    recent = ContratFactory(signature=datetime.date.today() - datetime.timedelta(days=10))
    with pytest.raises(ValidationError):
        tenir(recent, UtilisateurFactory(agent_ars_region=True), annee=2, date=datetime.date.today())
