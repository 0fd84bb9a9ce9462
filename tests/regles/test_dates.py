from datetime import date

import pytest

from cpts.regles.dates import ajouter_mois, anniversaire, lire_jour


@pytest.mark.parametrize(
    ("jour", "mois", "attendu"),
    [
        pytest.param(date(2022, 3, 31), 6, date(2022, 9, 30), id="31-mars-plus-6-mois-donne-30-septembre"),
        pytest.param(date(2023, 8, 31), 6, date(2024, 2, 29), id="fin-aout-plus-6-mois-donne-29-fevrier-bissextile"),
        pytest.param(date(2023, 11, 15), 2, date(2024, 1, 15), id="le-changement-d-annee"),
        pytest.param(date(2024, 1, 15), -2, date(2023, 11, 15), id="un-nombre-negatif-recule"),
    ],
)
def test_ajouter_des_mois_garde_le_quantieme_ou_s_arrete_a_la_fin_du_mois(jour: date, mois: int, attendu: date) -> None:
    assert ajouter_mois(jour, mois) == attendu


def test_l_anniversaire_d_un_29_fevrier_tombe_le_28_sauf_les_annees_bissextiles() -> None:
    assert [anniversaire(date(2024, 2, 29), annees) for annees in (1, 4)] == [date(2025, 2, 28), date(2028, 2, 29)]


@pytest.mark.parametrize("texte", ["31/12/2024", "2024-12-31", " 31/12/2024 "])
def test_un_jour_se_lit_a_la_francaise_ou_a_la_norme_iso(texte: str) -> None:
    assert lire_jour(texte) == date(2024, 12, 31)


@pytest.mark.parametrize("texte", ["31/02/2024", "2024-02-30", "31-12-2024", "1/2/2024", "demain", ""])
def test_un_jour_mal_ecrit_ou_qui_n_existe_pas_n_est_pas_devine(texte: str) -> None:
    assert lire_jour(texte) is None
