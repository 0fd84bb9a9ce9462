"""Indicateurs : nationaux selon le texte, atteinte pondérée plafonnée à 1, valeurs déclarées par qui et quand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from cpts.contrats import catalogue, indicateurs
from cpts.contrats.atteinte import Mesure, atteinte_indicateur, atteinte_mission
from cpts.contrats.enums import Sens
from cpts.contrats.models import Valeur
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import BilanFactory, ContratFactory, DialogueFactory, IndicateurFactory

D = Decimal
nombres = st.decimals(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False, places=2)


def test_les_indicateurs_nationaux_de_l_aci_2019_comptent_les_consultations_de_soins_non_programmes() -> None:
    codes = [i.code for i in catalogue.nationaux(datetime.date(2021, 1, 1))]
    assert codes == [
        "patientele_medecin_traitant",
        "sans_medecin_traitant_cibles",
        "urgences_sans_hospitalisation",
        "admissions_directes",
        "consultations_snp",
    ]


def test_apres_l_avenant_2_les_indicateurs_du_sas_remplacent_les_consultations_snp() -> None:
    codes = [i.code for i in catalogue.nationaux(datetime.date(2022, 4, 1))]
    assert "consultations_snp" not in codes
    assert codes[-2:] == ["medecins_sas", "demandes_sas_rendez_vous"]


def test_la_liste_nationale_suit_le_texte_en_vigueur_cinq_indicateurs_apres_l_avenant_2() -> None:
    assert [i.code for i in catalogue.nationaux(datetime.date(2022, 4, 1))] == [
        "sans_medecin_traitant_cibles",
        "urgences_sans_hospitalisation",
        "admissions_directes",
        "medecins_sas",
        "demandes_sas_rendez_vous",
    ]
    assert len(catalogue.nationaux(datetime.date(2022, 3, 31))) == 5


@pytest.mark.parametrize(
    ("sens", "reference", "cible", "valeur", "attendu"),
    [
        (Sens.CROISSANT, D(50), D(60), D(55), D("0.5")),
        (Sens.CROISSANT, D(50), D(60), D(70), D(1)),
        (Sens.CROISSANT, D(50), D(60), D(40), D(0)),
        (Sens.DECROISSANT, D(20), D(10), D(12), D("0.8")),
        (Sens.DECROISSANT, D(20), D(20), D(19), D(1)),
        (Sens.CROISSANT, None, D(40), D(30), D("0.75")),
        (Sens.DECROISSANT, None, D(10), D(20), D("0.5")),
        (Sens.CROISSANT, D(50), None, D(55), None),
        (Sens.CROISSANT, D(50), D(60), None, None),
    ],
)
def test_l_atteinte_d_un_indicateur_est_la_part_du_chemin_parcouru_vers_la_cible(
    sens: str, reference: D | None, cible: D | None, valeur: D | None, attendu: D | None
) -> None:
    assert atteinte_indicateur(sens, reference, cible, valeur) == attendu


@given(
    sens=st.sampled_from(list(Sens)),
    reference=st.one_of(st.none(), nombres),
    cible=nombres,
    valeur=nombres,
)
def test_l_atteinte_d_un_indicateur_reste_entre_0_et_1(sens: str, reference: D | None, cible: D, valeur: D) -> None:
    atteinte = atteinte_indicateur(sens, reference, cible, valeur)
    assert atteinte is not None
    assert 0 <= atteinte <= 1


def test_l_atteinte_d_une_mission_est_la_moyenne_ponderee_de_ses_indicateurs_de_resultat() -> None:
    mesures = [Mesure("a", D(3), D("1")), Mesure("b", D(1), D("0.2")), Mesure("suivi", D(0), None)]
    assert atteinte_mission(mesures).taux == D("0.8")


@given(st.lists(st.tuples(st.decimals(0, 10, places=2), st.decimals(0, 1, places=4)), min_size=1, max_size=6))
def test_l_atteinte_d_une_mission_est_plafonnee_a_1(couples: list[tuple[D, D]]) -> None:
    resultat = atteinte_mission([Mesure(str(i), poids, taux) for i, (poids, taux) in enumerate(couples)])
    assert resultat.taux is None or 0 <= resultat.taux <= 1


def test_une_mission_dont_un_indicateur_n_a_pas_de_valeur_n_a_pas_d_atteinte_calculee() -> None:
    resultat = atteinte_mission([Mesure("a", D(1), D(1)), Mesure("sans valeur", D(1), None)])
    assert (resultat.taux, resultat.manquants) == (None, ("sans valeur",))


pytestmark = pytest.mark.django_db


@pytest.fixture
def indicateur() -> object:
    return IndicateurFactory(contrat=ContratFactory(signature=datetime.date(2022, 6, 15)))


def test_le_coordinateur_declare_une_valeur_avec_son_nom_et_la_date(indicateur: object) -> None:
    coordinatrice = UtilisateurFactory(cpts=[indicateur.contrat.cpts])
    valeur = indicateurs.declarer_valeur(indicateur, 1, "42,5", coordinatrice, "Relevé du tableau de bord")
    assert (valeur.valeur, valeur.declaree_par, valeur.commentaire) == (
        D("42.5"),
        coordinatrice,
        "Relevé du tableau de bord",
    )
    assert valeur.declaree_le is not None


def test_corriger_une_valeur_garde_l_ancienne_dans_l_historique(indicateur: object) -> None:
    agent = UtilisateurFactory(agent_ars_region=True)
    indicateurs.declarer_valeur(indicateur, 1, "10", agent)
    indicateurs.declarer_valeur(indicateur, 1, "12", agent)
    valeur = Valeur.objects.get()
    assert [h.valeur for h in valeur.historique.order_by("history_date")] == [D(10), D(12)]


@pytest.mark.parametrize("annee", [0, 6, 99])
def test_une_valeur_pour_une_annee_hors_du_contrat_est_refusee(indicateur: object, annee: int) -> None:
    with pytest.raises(ValidationError) as erreur:
        indicateurs.declarer_valeur(indicateur, annee, "10", UtilisateurFactory(agent_ars_region=True))
    assert erreur.value.message_dict["annee"] == [f"L'année « {annee} » est hors du contrat : de 1 à 5."]
    assert not Valeur.objects.exists()


def test_une_valeur_pour_une_annee_pas_encore_commencee_est_refusee() -> None:
    recent = IndicateurFactory(contrat=ContratFactory(signature=datetime.date.today() - datetime.timedelta(days=30)))
    with pytest.raises(ValidationError, match="pas de valeur avant qu'elle commence"):
        indicateurs.declarer_valeur(recent, 2, "10", UtilisateurFactory(agent_ars_region=True))


@pytest.mark.parametrize("brut", ["abc", "1e12", "0.00001", "NaN"])
def test_une_valeur_illisible_est_refusee(indicateur: object, brut: str) -> None:
    with pytest.raises(ValidationError):
        indicateurs.declarer_valeur(indicateur, 1, brut, UtilisateurFactory(agent_ars_region=True))


def test_une_valeur_d_une_annee_dont_l_atteinte_est_retenue_ne_change_plus(indicateur: object) -> None:
    from django.utils import timezone

    BilanFactory(
        dialogue=DialogueFactory(contrat=indicateur.contrat, annee=1),
        mission=indicateur.mission,
        taux_retenu=D(1),
        retenu_le=timezone.now(),
    )
    with pytest.raises(ValidationError, match="les valeurs de cette année sont arrêtées"):
        indicateurs.declarer_valeur(indicateur, 1, "10", UtilisateurFactory(agent_ars_region=True))


def test_le_coordinateur_ne_fixe_ni_les_cibles_ni_les_indicateurs(indicateur: object) -> None:
    coordinatrice = UtilisateurFactory(cpts=[indicateur.contrat.cpts])
    with pytest.raises(PermissionDenied):
        indicateurs.fixer_cibles(indicateur, {1: "10"}, coordinatrice)
    with pytest.raises(PermissionDenied):
        indicateurs.enregistrer_indicateur(
            indicateur.contrat, coordinatrice, {"poids": D(2)}, indicateur, revision=indicateur.revision
        )


def test_un_autre_coordinateur_ne_declare_rien(indicateur: object) -> None:
    # Le contrat d'une autre CPTS est hors de son périmètre : introuvable, comme un contrat qui n'existe pas.
    with pytest.raises(Http404):
        indicateurs.declarer_valeur(indicateur, 1, "10", UtilisateurFactory(cpts=[ContratFactory().cpts]))


def test_une_cible_en_dessous_de_la_reference_d_un_indicateur_croissant_est_refusee(indicateur: object) -> None:
    indicateur.reference = D(50)
    indicateur.save()
    with pytest.raises(ValidationError, match="un indicateur croissant vise au moins sa valeur de référence"):
        indicateurs.fixer_cibles(indicateur, {1: "40"}, UtilisateurFactory(agent_ars_region=True))


def test_les_cibles_se_fixent_et_se_retirent_par_annee(indicateur: object) -> None:
    agent = UtilisateurFactory(agent_ars_region=True)
    indicateurs.fixer_cibles(indicateur, {1: "10", 2: "20"}, agent)
    indicateurs.fixer_cibles(indicateur, {1: "", 2: "25"}, agent)
    assert list(indicateur.cibles.values_list("annee", "valeur")) == [(2, D(25))]


def test_un_indicateur_local_s_ajoute_a_une_mission_du_contrat() -> None:
    contrat = ContratFactory()
    nouveau = indicateurs.enregistrer_indicateur(
        contrat,
        UtilisateurFactory(agent_ars_region=True),
        {
            "mission": "prevention",
            "libelle": "Actions de dépistage",
            "definition": "Nombre d'actions de prévention ou de dépistage déployées.",
            "source": "CPTS",
            "sens": Sens.CROISSANT,
            "poids": D(2),
        },
    )
    assert (nouveau.national, nouveau.poids) == (False, D(2))


def test_un_indicateur_pour_une_mission_absente_du_contrat_est_refuse() -> None:
    with pytest.raises(ValidationError, match="ne figure pas au contrat"):
        indicateurs.enregistrer_indicateur(
            ContratFactory(),
            UtilisateurFactory(agent_ars_region=True),
            {"mission": "qualite", "libelle": "x", "definition": "x", "source": "x"},
        )


def test_l_intitule_d_un_indicateur_national_ne_se_change_pas() -> None:
    contrat = ContratFactory(nationaux=True)
    national = contrat.indicateurs.get(code="medecins_sas")
    indicateurs.enregistrer_indicateur(
        contrat,
        UtilisateurFactory(agent_ars_region=True),
        {"libelle": "Autre", "poids": D(0)},
        national,
        revision=national.revision,
    )
    national.refresh_from_db()
    assert (national.libelle, national.poids) == ("Médecins participant au SAS", D(0))


def test_un_indicateur_national_ne_se_retire_pas() -> None:
    contrat = ContratFactory(nationaux=True)
    with pytest.raises(ValidationError, match="figure obligatoirement au contrat"):
        indicateurs.supprimer_indicateur(contrat.indicateurs.first(), UtilisateurFactory(agent_ars_region=True))
