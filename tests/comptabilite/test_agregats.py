"""L'emploi des fonds au-dessus de la CPTS : statistiques par mission, part des fonds ACI dépensée, réserves au-delà
du seuil, comptes manquants, à une date ; anonymes (aucune case sur moins de trois CPTS ou bénéficiaires) ; en un
nombre de requêtes qui ne dépend pas du nombre de CPTS."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cpts.comptabilite.agregats import emploi_des_fonds
from cpts.comptabilite.exports import donnees_ouvertes
from tests.comptabilite.factories import ExerciceFactory, IndemniteFactory
from tests.contrats.factories import ContratFactory

pytestmark = pytest.mark.django_db
D = Decimal
LE = datetime.date(2026, 11, 16)


def _deposes(nombre: int, **autres: object) -> list[object]:
    return [ExerciceFactory(depose=True, **autres) for _ in range(nombre)]


def test_sur_trois_cpts_les_charges_par_mission_donnent_total_quartiles_et_montant_par_habitant() -> None:
    _deposes(3)

    vue = emploi_des_fonds(2025, LE)

    acces = vue.par_mission["acces"]
    assert (acces.effectif, acces.total, acces.mediane) == (3, D("63000.00"), D("21000.00"))
    assert acces.par_habitant == (D("63000") / 135_000).quantize(D("0.01"))
    assert vue.part_aci_depensee.mediane == D("0.80")


def test_sur_deux_cpts_aucune_statistique_n_est_publiee() -> None:
    _deposes(2)

    vue = emploi_des_fonds(2025, LE)

    assert all(stat.secret for stat in vue.par_mission.values())
    assert set(vue.par_nature.values()) == {None}


def test_les_indemnites_de_moins_de_trois_beneficiaires_ne_se_lisent_ni_en_montant_ni_en_nombre() -> None:
    exercices = _deposes(3)
    IndemniteFactory(exercice=exercices[0], beneficiaire="Dr Seule", montant=D("4000.00"))
    IndemniteFactory(exercice=exercices[1], beneficiaire="Dr Autre", montant=D("60000.00"))

    vue = emploi_des_fonds(2025, LE)

    assert (vue.beneficiaires, vue.indemnites, vue.au_dessus_du_plafond) == (None, None, None)
    assert vue.par_nature["indemnites"] is None
    assert vue.par_nature["personnel"] == D("180000.00")


def test_a_partir_de_trois_beneficiaires_le_total_des_indemnites_se_publie() -> None:
    exercices = _deposes(3)
    for exercice in exercices:
        IndemniteFactory(exercice=exercice, montant=D("1000.00"))

    vue = emploi_des_fonds(2025, LE)

    assert (vue.beneficiaires, vue.indemnites) == (3, D("3000.00"))


def test_aucun_nom_de_beneficiaire_ne_figure_dans_les_donnees_ouvertes() -> None:
    exercices = _deposes(3)
    for exercice in exercices:
        IndemniteFactory(exercice=exercice, beneficiaire="Dr Zoé Confidentielle")

    contenu = donnees_ouvertes(emploi_des_fonds(2025, LE))

    assert "Confidentielle" not in contenu.decode("utf-8")
    assert "CPTS de test" not in contenu.decode("utf-8")


def test_des_comptes_deposes_apres_la_date_demandee_ne_comptent_pas() -> None:
    _deposes(3)

    vue = emploi_des_fonds(2025, datetime.date(2026, 6, 1))

    assert vue.lignes == []


def test_les_reserves_au_dela_du_seuil_sont_comptees() -> None:
    _deposes(2)
    ExerciceFactory(depose=True, reserves_ouverture=D("200000.00"))

    vue = emploi_des_fonds(2025, LE)

    assert vue.reserves_au_dessus_du_seuil == 1


def test_une_cpts_sous_contrat_sans_comptes_deposes_est_manquante_et_en_retard_passe_le_delai() -> None:
    contrat = ContratFactory()

    (manquant,) = emploi_des_fonds(2025, LE).manquants
    (a_temps,) = emploi_des_fonds(2025, datetime.date(2026, 3, 1)).manquants

    assert (manquant.nom, manquant.en_retard, a_temps.en_retard) == (contrat.cpts.nom, True, False)


@pytest.mark.parametrize("nombre", [3, 8])
def test_la_vue_nationale_demande_le_meme_nombre_de_requetes_quel_que_soit_le_nombre_de_cpts(
    nombre: int, django_assert_num_queries: object
) -> None:
    for exercice in _deposes(nombre):
        IndemniteFactory(exercice=exercice)
        ContratFactory(cpts=exercice.cpts)
    ContratFactory()

    with django_assert_num_queries(4):
        vue = emploi_des_fonds(2025, LE)
        donnees_ouvertes(vue)

    assert len(vue.lignes) == nombre


def test_la_commande_ecrit_les_donnees_ouvertes_et_refuse_un_exercice_futur_en_francais() -> None:
    _deposes(3)
    sortie = StringIO()

    call_command("emploi-des-fonds", "--annee", "2025", stdout=sortie)

    assert sortie.getvalue().splitlines()[0].startswith("perimetre,exercice,date_des_donnees")
    with pytest.raises(CommandError, match="Exercice 2030 : une année de 2019 à 2026"):
        call_command("emploi-des-fonds", "--annee", "2030")
