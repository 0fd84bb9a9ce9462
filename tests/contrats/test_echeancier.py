"""L'échéancier concret d'un contrat vient des règles, appliquées à ses termes année par année."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cpts.contrats import services
from cpts.contrats.echeancier import echeancier_du_contrat, termes_du_contrat
from cpts.contrats.enums import StatutLigne
from cpts.contrats.models import Avenant, MissionContrat
from cpts.regles import Contrat as TermesRegles
from cpts.regles import echeancier
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import SIGNATURE, BilanFactory, ContratFactory, DialogueFactory, IndicateurFactory

pytestmark = pytest.mark.django_db

MISSIONS = {"acces": SIGNATURE, "parcours": datetime.date(2022, 9, 1), "prevention": None, "crise": SIGNATURE}


def test_sans_avenant_l_echeancier_est_celui_des_regles_pour_les_termes_du_contrat() -> None:
    contrat = ContratFactory(missions=MISSIONS)
    attendu = echeancier(TermesRegles(SIGNATURE, 2, {code: d for code, d in MISSIONS.items() if d is not None}, 0))
    lignes = echeancier_du_contrat(contrat).lignes
    assert [(x.annee, x.mission, x.volet, x.nature, x.montant, x.du_le) for x in lignes] == [
        (v.annee_contrat, v.mission, v.volet, v.nature, v.montant, v.du_le) for v in attendu
    ]


def test_une_mission_sans_date_de_demarrage_n_est_pas_encore_financee() -> None:
    contrat = ContratFactory(missions=MISSIONS)
    assert "prevention" not in {ligne.mission for ligne in echeancier_du_contrat(contrat).lignes}


def test_le_solde_variable_reste_estime_tant_que_l_atteinte_n_est_pas_retenue() -> None:
    contrat = ContratFactory()
    variable = echeancier_du_contrat(contrat).ligne((1, "acces", "variable", "solde"))
    assert (variable.montant, variable.definitif, variable.payable) == (Decimal("30000.00"), False, 0)


def test_l_estimation_suit_l_atteinte_calculee_sur_les_valeurs_declarees() -> None:
    contrat = ContratFactory()
    IndicateurFactory(contrat=contrat, mission="acces", cibles={1: 100}, valeurs={1: 40})
    variable = echeancier_du_contrat(contrat).ligne((1, "acces", "variable", "solde"))
    assert (variable.montant, variable.definitif) == (Decimal("12000.00"), False)


def test_l_atteinte_retenue_fixe_le_solde_variable() -> None:
    contrat = ContratFactory()
    IndicateurFactory(contrat=contrat, mission="acces", cibles={1: 100}, valeurs={1: 40})
    BilanFactory(
        dialogue=DialogueFactory(contrat=contrat), mission="acces", taux_retenu=Decimal("0.6"), retenu_le=timezone.now()
    )
    variable = echeancier_du_contrat(contrat).ligne((1, "acces", "variable", "solde"))
    assert (variable.montant, variable.definitif) == (Decimal("18000.00"), True)


def test_la_crise_survenue_ouvre_le_volet_variable_de_la_mission_crise() -> None:
    contrat = ContratFactory()
    assert echeancier_du_contrat(contrat).ligne((2, "crise", "variable", "solde")) is None
    DialogueFactory(contrat=contrat, annee=2, crise_survenue=True)
    assert echeancier_du_contrat(contrat).ligne((2, "crise", "variable", "solde")).montant == Decimal("52500.00")


def avenant(contrat: object, **autres: object) -> Avenant:
    parametres = {"numero": 1, "signe_le": datetime.date(2023, 9, 1), "objet": "Changement", **autres}
    return Avenant.objects.create(contrat=contrat, enregistre_par=contrat.enregistre_par, **parametres)


def test_un_avenant_de_taille_vaut_a_partir_de_l_annee_qui_suit_sa_date_d_effet() -> None:
    contrat = ContratFactory()
    avenant(contrat, effet_le=datetime.date(2023, 9, 1), taille=3, population=90_000)
    echeancier_ = echeancier_du_contrat(contrat)
    fonctionnement = {ligne.annee: ligne.base for ligne in echeancier_.lignes if ligne.mission == "fonctionnement"}
    assert fonctionnement == {1: 60000, 2: 60000, 3: 75000, 4: 75000, 5: 75000}


def test_une_mission_ajoutee_par_avenant_est_financee_des_son_demarrage() -> None:
    contrat = ContratFactory()
    ajout = avenant(contrat, effet_le=datetime.date(2023, 9, 1))
    MissionContrat.objects.create(
        contrat=contrat, mission="qualite", demarrage=datetime.date(2023, 12, 15), ajoutee_par=ajout
    )
    premiere = echeancier_du_contrat(contrat).ligne((2, "qualite", "fixe", "avance"))
    # 10 000 € (taille 2) ramenés aux 183 jours qui restent jusqu'à l'anniversaire du 15/06/2024, avance de 75 %.
    assert premiere.du_le == datetime.date(2023, 12, 15)
    assert premiere.base == Decimal("5000.00")


def test_une_mission_retiree_par_avenant_cesse_d_etre_financee_l_annee_suivante() -> None:
    contrat = ContratFactory(
        missions={**dict.fromkeys(["acces", "parcours", "prevention", "crise"], SIGNATURE), "qualite": SIGNATURE}
    )
    retrait = avenant(contrat, effet_le=datetime.date(2023, 9, 1))
    MissionContrat.objects.filter(contrat=contrat, mission="qualite").update(retiree_par=retrait)
    annees = {ligne.annee for ligne in echeancier_du_contrat(contrat).lignes if ligne.mission == "qualite"}
    assert annees == {1, 2}


def test_les_termes_lisent_les_avenants_dans_l_ordre_de_leur_date_d_effet() -> None:
    contrat = ContratFactory()
    avenant(contrat, numero=1, effet_le=datetime.date(2024, 6, 15), taille=4, membres=120)
    avenant(contrat, numero=2, effet_le=datetime.date(2023, 6, 15), taille=3)
    termes = termes_du_contrat(contrat)
    assert [termes.taille_et_membres(annee) for annee in termes.annees] == [
        (2, 0),
        (3, 0),
        (4, 120),
        (4, 120),
        (4, 120),
    ]


def test_signer_un_avenant_qui_actualise_le_territoire_recalcule_la_taille(communes: None) -> None:
    from tests.dossiers.factories import CptsFactory

    cpts = CptsFactory(signe=True, territoire=["69123"])  # Lyon : plus de 500 000 habitants
    contrat = ContratFactory(cpts=cpts)
    agent = UtilisateurFactory(agent_ars_region=True)
    nouveau = services.signer_avenant(
        contrat,
        agent,
        signe_le=datetime.date(2023, 5, 2),
        effet_le=datetime.date(2023, 6, 15),
        objet="Extension du territoire à Lyon",
        actualiser_territoire=True,
    )
    assert (nouveau.numero, nouveau.taille) == (1, 4)
    assert nouveau.population == cpts.territoires.get(fin__isnull=True).population
    assert echeancier_du_contrat(contrat).ligne((2, "fonctionnement", "fixe", "avance")).base == Decimal("90000.00")


def test_un_avenant_ajoute_une_mission_optionnelle_et_en_retire_une() -> None:
    contrat = ContratFactory(
        missions={**dict.fromkeys(["acces", "parcours", "prevention", "crise"], SIGNATURE), "qualite": SIGNATURE}
    )
    agent = UtilisateurFactory(agent_ars_region=True)
    nouveau = services.signer_avenant(
        contrat,
        agent,
        signe_le=datetime.date(2024, 1, 10),
        effet_le=datetime.date(2024, 2, 1),
        objet="Accompagnement des professionnels à la place de la qualité",
        missions_ajoutees={"accompagnement": datetime.date(2024, 3, 1)},
        missions_retirees=["qualite"],
    )
    assert list(nouveau.missions_ajoutees.values_list("mission", flat=True)) == ["accompagnement"]
    assert list(nouveau.missions_retirees.values_list("mission", flat=True)) == ["qualite"]


@pytest.mark.parametrize(
    ("parametres", "champ", "message"),
    [
        ({"effet_le": datetime.date(2027, 6, 15)}, "effet_le", "La date d'effet tombe pendant le contrat"),
        ({"signe_le": datetime.date(2022, 1, 1)}, "signe_le", "Un avenant ne peut précéder le contrat"),
        ({"missions_retirees": ["parcours"]}, "missions_retirees", "est une mission socle : elle reste au contrat"),
        ({"missions_ajoutees": {"acces": None}}, "missions_ajoutees", "figure déjà au contrat"),
        (
            {"missions_ajoutees": {"qualite": datetime.date(2023, 1, 1)}},
            "missions_ajoutees",
            "ne peut démarrer le 01/01/2023, avant la date d'effet de l'avenant",
        ),
        ({"objet": " "}, "objet", "Objet : décrivez ce que l'avenant change."),
    ],
)
def test_un_avenant_hors_des_regles_est_refuse_sans_rien_ecrire(parametres: dict, champ: str, message: str) -> None:
    contrat = ContratFactory()
    base = {"signe_le": datetime.date(2023, 5, 2), "effet_le": datetime.date(2023, 6, 15), "objet": "Avenant"}
    with pytest.raises(ValidationError) as erreur:
        services.signer_avenant(contrat, UtilisateurFactory(agent_ars_region=True), **{**base, **parametres})
    assert message in " ".join(erreur.value.message_dict[champ])
    assert not Avenant.objects.exists()


def test_dater_une_mission_deja_payee_est_refuse() -> None:
    from tests.contrats.factories import PaiementFactory

    contrat = ContratFactory()
    PaiementFactory(contrat=contrat, mission="parcours", volet="fixe")
    mission = contrat.missions.get(mission="parcours")
    with pytest.raises(ValidationError, match="sa date de démarrage ne change plus"):
        services.dater_mission(
            mission, UtilisateurFactory(agent_ars_region=True), demarrage=datetime.date(2022, 7, 1), deploiement=None
        )


def test_dater_le_deploiement_complet_d_une_mission() -> None:
    contrat = ContratFactory()
    mission = contrat.missions.get(mission="parcours")
    services.dater_mission(
        mission, UtilisateurFactory(agent_ars_region=True), demarrage=SIGNATURE, deploiement=datetime.date(2023, 10, 1)
    )
    mission.refresh_from_db()
    assert mission.deploiement == datetime.date(2023, 10, 1)


@pytest.mark.parametrize(
    ("le", "statut"),
    [
        (datetime.date(2022, 6, 1), StatutLigne.A_VENIR),
        (datetime.date(2022, 7, 1), StatutLigne.EXIGIBLE),
        (datetime.date(2022, 8, 16), StatutLigne.EN_RETARD),
    ],
)
def test_le_statut_d_une_ligne_suit_la_date_du_jour(le: datetime.date, statut: str) -> None:
    contrat = ContratFactory(missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]))
    # Aucune mission démarrée : le fonctionnement de l'année 1 est versé en entier à la signature (15/06/2022).
    assert echeancier_du_contrat(contrat, le=le).ligne((1, "fonctionnement", "fixe", "integral")).statut == statut
