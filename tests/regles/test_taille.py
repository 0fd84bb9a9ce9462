from datetime import date

import pytest

from cpts.regles import EntreeInvalide, taille


@pytest.mark.parametrize(
    ("population", "attendue"),
    [
        (0, 1),
        (39_999, 1),
        (40_000, 2),
        (79_999, 2),
        (80_000, 3),
        (174_999, 3),
        (175_000, 4),
        (2_000_000, 4),
    ],
)
def test_la_taille_change_a_chaque_seuil_de_population(population: int, attendue: int) -> None:
    assert taille(population) == attendue


def test_les_seuils_sont_les_memes_sous_l_aci_2019_et_l_avenant_2() -> None:
    assert [taille(40_000, date(2020, 1, 1)), taille(40_000, date(2023, 1, 1))] == [2, 2]


@pytest.mark.parametrize("population", [-1, None, 40_000.0, "40000", True])
def test_une_population_negative_absente_ou_non_entiere_est_refusee(population: object) -> None:
    with pytest.raises(EntreeInvalide, match="population"):
        taille(population)  # type: ignore[arg-type]


def test_une_date_anterieure_a_l_aci_est_refusee() -> None:
    with pytest.raises(EntreeInvalide, match="précède"):
        taille(50_000, date(2019, 8, 24))
