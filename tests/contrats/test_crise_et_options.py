"""Au contrat : la crise déclarée (datée, à son taux, 100 % par défaut) paie tout le volet variable crise sans
l'atteinte des objectifs ; les enveloppes conditionnelles sont des options choisies, datées ; le contrat avertit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cpts.contrats import dialogue, services
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.models import OptionChoisie
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, cpts_prete_a_signer

pytestmark = pytest.mark.django_db

SIGNATURE = datetime.date(2022, 6, 15)
LE = datetime.date(2025, 1, 1)


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def variable_crise(contrat: object) -> list[tuple[int, Decimal]]:
    return [
        (ligne.annee, ligne.montant)
        for ligne in echeancier_du_contrat(contrat, LE).lignes
        if (ligne.mission, ligne.volet) == ("crise", "variable")
    ]


def retenir_moitie(tenu: object, agent: object) -> None:
    for bilan in tenu.bilans.exclude(mission="crise"):
        dialogue.retenir_atteinte(bilan, agent, "0.5", motif="Objectifs à moitié atteints")


def test_une_crise_declaree_au_dialogue_paie_tout_le_variable_crise_malgre_une_atteinte_de_moitie(
    agent: object,
) -> None:
    contrat = ContratFactory(signature=SIGNATURE, taille=1)
    tenu = dialogue.tenir_dialogue(
        contrat,
        agent,
        annee=1,
        date=datetime.date(2023, 7, 3),
        participants="CPTS, CPAM, ARS",
        crise_survenue=True,
        crise_le=datetime.date(2022, 12, 1),
    )
    retenir_moitie(tenu, agent)

    assert variable_crise(contrat) == [(1, Decimal("37500.00"))]


def test_le_taux_retenu_pour_la_crise_regle_son_variable(agent: object) -> None:
    contrat = ContratFactory(signature=SIGNATURE, taille=1)
    dialogue.tenir_dialogue(
        contrat,
        agent,
        annee=1,
        date=datetime.date(2023, 7, 3),
        participants="CPTS, CPAM, ARS",
        crise_survenue=True,
        taux_crise="0,4",
    )

    assert variable_crise(contrat) == [(1, Decimal("15000.00"))]


def test_une_crise_datee_hors_de_l_annee_examinee_est_refusee(agent: object) -> None:
    contrat = ContratFactory(signature=SIGNATURE, taille=1)

    with pytest.raises(ValidationError, match="sa date doit y tomber"):
        dialogue.tenir_dialogue(
            contrat,
            agent,
            annee=1,
            date=datetime.date(2023, 7, 3),
            participants="CPTS, CPAM, ARS",
            crise_survenue=True,
            crise_le=datetime.date(2023, 7, 1),
        )


def test_sans_crise_declaree_aucun_variable_crise_n_est_du() -> None:
    contrat = ContratFactory(signature=SIGNATURE, taille=1)

    assert variable_crise(contrat) == []


@pytest.mark.usefixtures("communes")
def test_les_options_choisies_a_la_signature_sont_gardees_avec_leur_date() -> None:
    agent = UtilisateurFactory(agent_cpam_departement=True)
    socles = dict.fromkeys(["acces", "parcours", "prevention", "crise"], SIGNATURE)
    contrat = services.signer(
        cpts_prete_a_signer(),
        agent,
        signature=SIGNATURE,
        missions_choisies=socles,
        options={"fonctionnement-additionnel": datetime.date(2023, 1, 1)},
    )

    assert list(OptionChoisie.objects.filter(contrat=contrat).values_list("option", "depuis")) == [
        ("fonctionnement-additionnel", datetime.date(2023, 1, 1))
    ]
    lignes = [ligne for ligne in echeancier_du_contrat(contrat, LE).lignes if ligne.volet == "additionnel"]
    assert min(ligne.du_le for ligne in lignes) == datetime.date(2023, 1, 1)


@pytest.mark.usefixtures("communes")
def test_une_option_due_hors_du_contrat_est_refusee_sans_rien_ecrire() -> None:
    agent = UtilisateurFactory(agent_cpam_departement=True)
    socles = dict.fromkeys(["acces", "parcours", "prevention", "crise"], SIGNATURE)

    with pytest.raises(ValidationError, match="hors du contrat"):
        services.signer(
            cpts_prete_a_signer(),
            agent,
            signature=SIGNATURE,
            missions_choisies=socles,
            options={"snp-compensation": datetime.date(2021, 1, 1)},
        )
    assert not OptionChoisie.objects.exists()


def test_sans_option_les_enveloppes_snp_d_un_contrat_aci_2019_ne_sont_pas_dues() -> None:
    contrat = ContratFactory(aci_2019=True)

    assert not [ligne for ligne in echeancier_du_contrat(contrat, LE).lignes if ligne.volet.startswith("snp_")]


def test_une_option_choisie_ouvre_son_enveloppe_a_sa_date() -> None:
    contrat = ContratFactory(aci_2019=True)
    OptionChoisie.objects.create(contrat=contrat, option="snp-regulation", depuis=datetime.date(2021, 3, 15))

    lignes = [ligne for ligne in echeancier_du_contrat(contrat, LE).lignes if ligne.volet == "snp_regulation"]

    assert min(ligne.du_le for ligne in lignes) == datetime.date(2021, 3, 15)


def test_un_contrat_aci_2019_sans_mission_crise_est_averti_apres_l_avenant_2() -> None:
    contrat = ContratFactory(aci_2019=True)

    avertissements = echeancier_du_contrat(contrat, LE).avertissements

    assert any("crises sanitaires graves manque au contrat" in phrase for phrase in avertissements)


def test_chaque_ligne_du_contrat_nomme_son_texte_et_l_annee_a_cheval_est_notre_lecture() -> None:
    contrat = ContratFactory(aci_2019=True)  # signé le 15/09/2020 : année 2 à cheval sur le 01/04/2022

    lignes = echeancier_du_contrat(contrat, LE).lignes

    assert {(ligne.annee, ligne.libelle_texte) for ligne in lignes if ligne.annee in (2, 3)} == {
        (2, "ACI 2019 (notre lecture)"),
        (3, "avenant 2"),
    }


def test_un_territoire_sous_15_000_habitants_est_signale_au_contrat() -> None:
    contrat = ContratFactory(population=12_000, taille=1)

    assert any(
        p.startswith("Territoire de 12 000 habitants") for p in echeancier_du_contrat(contrat, LE).avertissements
    )


def test_un_contrat_complet_ne_porte_aucun_avertissement() -> None:
    assert echeancier_du_contrat(ContratFactory(signature=SIGNATURE), LE).avertissements == []
