"""Tenir les comptes annuels : ACI pré-remplie et rapprochée du registre des versements, saisie entière ou refusée,
dépôt de comptes équilibrés seulement, budget réalisé à côté du prévisionnel, droits de l'équipe et des agents."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cpts.comptabilite import services, sources
from cpts.comptabilite.enums import Statut
from cpts.comptabilite.models import Exercice
from cpts.contrats.models import Annulation
from cpts.dossiers.enums import TypeDocument
from cpts.regles.comptabilite import plan
from tests.comptabilite.factories import ExerciceFactory, IndemniteFactory
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, PaiementFactory
from tests.dossiers.factories import valeurs_budget
from tests.dossiers.parcours import depot_direct

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def contrat() -> object:
    contrat = ContratFactory()
    PaiementFactory(contrat=contrat, mission="fonctionnement", montant=D("45000.00"), date=datetime.date(2025, 6, 15))
    PaiementFactory(contrat=contrat, mission="acces", montant=D("41250.00"), date=datetime.date(2025, 6, 15))
    PaiementFactory(contrat=contrat, mission="acces", montant=D("5000.00"), date=datetime.date(2025, 9, 1))
    PaiementFactory(contrat=contrat, mission="parcours", montant=D("9000.00"), date=datetime.date(2024, 6, 15))
    annule = PaiementFactory(contrat=contrat, mission="prevention", montant=D("700.00"), date=datetime.date(2025, 7, 1))
    Annulation.objects.create(paiement=annule, motif="Saisi deux fois", annule_par=contrat.enregistre_par)
    return contrat


def _coordinateur(cpts: object) -> object:
    return UtilisateurFactory(cpts=[cpts])


def test_l_aci_de_l_exercice_est_pre_remplie_par_mission_depuis_le_registre_des_versements(contrat: object) -> None:
    exercice = services.ouvrir(contrat.cpts, 2025, _coordinateur(contrat.cpts))

    assert {(x.poste, x.mission): x.montant for x in exercice.lignes.all()} == {
        ("aci", "fonctionnement"): D("45000.00"),
        ("aci", "acces"): D("46250.00"),
    }


def test_des_comptes_pre_remplis_sont_rapproches_du_registre_sans_ecart(contrat: object) -> None:
    exercice = services.ouvrir(contrat.cpts, 2025, _coordinateur(contrat.cpts))

    rapprochement = plan.rapprocher(services.comptes_de(exercice), sources.versements_de_l_annee(contrat.cpts, 2025))

    assert [r.ecart for r in rapprochement] == [D(0), D(0)]


def test_une_aci_comptabilisee_differente_des_versements_montre_son_ecart(contrat: object) -> None:
    coordinateur = _coordinateur(contrat.cpts)
    exercice = services.ouvrir(contrat.cpts, 2025, coordinateur)
    services.enregistrer(
        exercice,
        coordinateur,
        montants={("aci", "fonctionnement"): "45000", ("aci", "acces"): "41 250,00"},
        reserves_ouverture="0",
        reserves_cloture="0",
        revision=None,
    )

    ecarts = {
        r.mission: r.ecart
        for r in plan.rapprocher(services.comptes_de(exercice), sources.versements_de_l_annee(contrat.cpts, 2025))
    }

    assert ecarts == {"acces": D("-5000.00"), "fonctionnement": D("0.00")}


def test_les_reserves_reportees_sont_celles_de_la_cloture_des_comptes_deposes_de_l_annee_precedente() -> None:
    precedent = ExerciceFactory(annee=2024, depose=True)

    exercice = services.ouvrir(precedent.cpts, 2025, _coordinateur(precedent.cpts))

    assert exercice.reserves_ouverture == precedent.reserves_cloture == D("30000.00")


def test_une_saisie_avec_un_montant_negatif_est_refusee_en_entier() -> None:
    exercice = ExerciceFactory()
    avant = list(exercice.lignes.values_list("poste", "mission", "montant"))

    with pytest.raises(ValidationError) as refus:
        services.enregistrer(
            exercice,
            _coordinateur(exercice.cpts),
            montants={("personnel", "fonctionnement"): "10", ("locaux", "fonctionnement"): "-5"},
            reserves_ouverture="0",
            reserves_cloture="0",
            revision=None,
        )

    assert refus.value.message_dict == {"locaux-fonctionnement": ["Montant négatif refusé : -5."]}
    assert list(exercice.lignes.values_list("poste", "mission", "montant")) == avant


def test_des_comptes_equilibres_se_deposent_et_se_figent() -> None:
    exercice = ExerciceFactory()
    ContratFactory(cpts=exercice.cpts, population=52_000)
    coordinateur = _coordinateur(exercice.cpts)

    services.deposer(exercice, coordinateur)

    exercice.refresh_from_db()
    assert exercice.statut == Statut.DEPOSE
    assert exercice.population == 52_000
    with pytest.raises(ValidationError, match=r"Les comptes 2025 sont déposés : ils ne se modifient plus\."):
        services.enregistrer(
            exercice, coordinateur, montants={}, reserves_ouverture="0", reserves_cloture="0", revision=None
        )


def test_des_comptes_desequilibres_ne_se_deposent_pas() -> None:
    exercice = ExerciceFactory()
    Exercice.objects.filter(pk=exercice.pk).update(reserves_cloture=D("1.00"))

    with pytest.raises(ValidationError) as refus:
        services.deposer(exercice, _coordinateur(exercice.cpts))

    assert refus.value.messages[0].startswith("Comptes non équilibrés : réserves à la clôture déclarées 1 €")
    assert Exercice.objects.get(pk=exercice.pk).statut == Statut.BROUILLON


def test_des_indemnites_qui_ne_concordent_pas_avec_leur_poste_empechent_le_depot() -> None:
    exercice = ExerciceFactory()
    IndemniteFactory(exercice=exercice, montant=D("1500.00"))

    with pytest.raises(ValidationError) as refus:
        services.deposer(exercice, _coordinateur(exercice.cpts))

    assert refus.value.messages == [
        "Indemnités des membres : 1\u202f500 € déclarés membre par membre, 0 € au poste « Indemnités des membres » "
        "des charges ; les deux doivent être égaux."
    ]


def test_les_indemnites_se_saisissent_par_membre_et_par_mission_avec_le_temps_passe() -> None:
    exercice = ExerciceFactory()

    services.enregistrer_indemnites(
        exercice,
        _coordinateur(exercice.cpts),
        [
            {
                "beneficiaire": "Dr Alice Martin",
                "profession": "Médecin",
                "mission": "acces",
                "heures": "30",
                "montant": "3000",
            },
            {"beneficiaire": "Dr Alice Martin", "mission": "parcours", "heures": "12,5", "montant": "1250"},
        ],
    )

    (alice,) = services.beneficiaires(exercice)
    assert (alice.nom, alice.heures, alice.montant, alice.depasse) == ("Dr Alice Martin", D("42.5"), D("4250"), False)


def test_une_indemnite_sans_nom_ou_sur_une_mission_inconnue_est_refusee_sans_rien_ecrire() -> None:
    exercice = ExerciceFactory()
    IndemniteFactory(exercice=exercice)

    with pytest.raises(ValidationError) as refus:
        services.enregistrer_indemnites(
            exercice, _coordinateur(exercice.cpts), [{"beneficiaire": "", "mission": "lune", "montant": "1"}]
        )

    assert refus.value.message_dict["ligne-1"] == [
        "Ligne 1 : le nom du bénéficiaire est obligatoire.",
        "Ligne 1 : mission inconnue « lune ».",
    ]
    assert exercice.indemnites.count() == 1


def test_un_agent_lit_les_comptes_mais_ne_les_saisit_pas() -> None:
    exercice = ExerciceFactory()
    agent = UtilisateurFactory(agent_ars_region=True)

    with pytest.raises(PermissionDenied):
        services.deposer(exercice, agent)


def test_le_coordinateur_d_une_autre_cpts_ne_trouve_pas_ces_comptes() -> None:
    exercice = ExerciceFactory()
    autre = UtilisateurFactory(cpts=[ExerciceFactory(annee=2024).cpts])

    with pytest.raises(Http404):
        services.deposer(exercice, autre)


def test_le_budget_previsionnel_depose_de_l_exercice_se_lit_par_poste_du_plan_normalise() -> None:
    exercice = ExerciceFactory()
    depot_direct(exercice.cpts, TypeDocument.BUDGET, valeurs_budget(), UtilisateurFactory(agent_ars_region=True))

    prevu, version = sources.budget_previsionnel(exercice.cpts, 2025)

    assert version == 1
    assert prevu["personnel"] == D("40000")
    assert prevu["fir"] == D("15000")
    assert prevu["aci"] == D("35000")
    assert prevu["autre_charge"] == D("10000")  # fournitures (606) et déplacements (625)
    assert sources.budget_previsionnel(exercice.cpts, 2024) is None
