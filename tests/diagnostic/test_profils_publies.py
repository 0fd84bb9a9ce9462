"""Les profils que l'Assurance Maladie a présentés à la CPR Auvergne-Rhône-Alpes du 9 juin 2021
([cpr-aura-2021-06-09] : qualité des pratiques, taux de fuite, insuffisance cardiaque, potentiel assistants
médicaux), refaits de leurs valeurs publiées (tests/diagnostic/donnees/profils_cpr_aura_2021.csv) : chaque case du
support se relit à l'identique dans le profil de la plateforme."""

from pathlib import Path

import pytest

from cpts.diagnostic.importation import importer
from cpts.diagnostic.presentation import cases, repartition
from cpts.diagnostic.profil import LigneProfil, Profil, profil
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import SIRET_VALIDE, CptsFactory

pytestmark = pytest.mark.usefixtures("communes")
FICHIER = Path(__file__).parent / "donnees" / "profils_cpr_aura_2021.csv"
SIRET_LOIRE = "81234567800013"


@pytest.fixture
def profils() -> tuple[Profil, Profil]:
    rhone = CptsFactory(siret=SIRET_VALIDE, avec_territoire=True)
    loire = CptsFactory(siret=SIRET_LOIRE, departement="42", territoire=["42218", "42207"])
    rapport = importer(FICHIER.name, FICHIER.read_bytes(), UtilisateurFactory(administrateur=True))
    assert not rapport.refuse, [str(ligne) for ligne in rapport.lignes if ligne.details]
    return profil([], rhone), profil([], loire)


def _ligne(profil_: Profil, code: str) -> LigneProfil:
    return next(ligne for theme in profil_.themes for ligne in theme.lignes if ligne.code == code)


def test_le_profil_qualite_des_pratiques_compare_le_territoire_au_rhone_et_a_la_france_avec_les_objectifs(
    profils: tuple[Profil, Profil],
) -> None:
    ligne = _ligne(profils[0], "rosp_diabete_hba1c")

    assert cases(ligne) == ["75,3\u00a0%", "79,6\u00a0%", "—", "79,3\u00a0%"]
    assert (ligne.objectif_intermediaire, ligne.objectif_cible) == ("71,0 %", "≥ 89,0 %")
    assert cases(_ligne(profils[0], "rosp_diabete_fond_oeil")) == ["70,9\u00a0%", "68,8\u00a0%", "—", "67,3\u00a0%"]


@pytest.mark.parametrize(
    ("code", "territoire", "mediane", "minimum", "maximum"),
    [
        ("fuite_medecine_generale", "30,6", "30,0", "14,2", "45,4"),
        ("fuite_orl", "38,4", "75,9", "29,3", "100,0"),
        ("fuite_dermatologie", "100,0", "67,0", "27,1", "100,0"),
    ],
)
def test_le_taux_de_fuite_se_lit_face_a_la_mediane_au_minimum_et_au_maximum_des_cpts_du_rhone(
    profils: tuple[Profil, Profil], code: str, territoire: str, mediane: str, minimum: str, maximum: str
) -> None:
    ligne = _ligne(profils[0], code)

    assert cases(ligne)[0] == f"{territoire}\u00a0%"
    assert repartition(ligne) == [f"{mediane}\u00a0%", f"{minimum}\u00a0%", f"{maximum}\u00a0%"]


def test_le_profil_insuffisance_cardiaque_compare_la_cpts_a_la_loire(profils: tuple[Profil, Profil]) -> None:
    loire = profils[1]

    assert loire.colonnes[1] == "Loire"
    assert cases(_ligne(loire, "ic_stables_patients"))[:2] == ["931", "4\u202f100"]
    assert cases(_ligne(loire, "ic_stables_ald"))[:2] == ["84,0\u00a0%", "82,0\u00a0%"]
    assert cases(_ligne(loire, "ic_stables_actes_cardiologue"))[:2] == ["2,2", "2,2"]
    assert cases(_ligne(loire, "ic_sejours_patients"))[:2] == ["361", "1\u202f987"]
    assert cases(_ligne(loire, "ic_deces_6_mois_ssr_cardio"))[:2] == ["33,0\u00a0%", "17,0\u00a0%"]


def test_la_patientele_medecin_traitant_de_la_cpts_du_rhone(profils: tuple[Profil, Profil]) -> None:
    assert cases(_ligne(profils[0], "patientele_mt_totale"))[0] == "51\u202f101"
    assert cases(_ligne(profils[0], "patientele_mt_moyenne"))[0] == "964,0"
    assert cases(_ligne(profils[0], "mg_eligibles_assistants"))[0] == "47"


def test_les_themes_suivent_le_support_et_le_referentiel_vient_en_premier(profils: tuple[Profil, Profil]) -> None:
    assert [theme.nom for theme in profils[0].themes] == [
        "Population et territoire",
        "Patientèle médecin traitant",
        "Qualité des pratiques : diabète",
        "Taux de fuite",
    ]
    population = _ligne(profils[0], "population")
    assert cases(population)[0] == "12\u202f034" or cases(population)[0].replace("\u202f", "").isdigit()
