from decimal import Decimal

import pytest

from cpts.affichage import montant, nombre, pourcentage


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (50000, "50\u202f000\u00a0€"),
        (Decimal("1183680"), "1\u202f183\u202f680\u00a0€"),
        (0, "0\u00a0€"),
        (-750, "-750\u00a0€"),
    ],
)
def test_un_montant_s_ecrit_a_la_francaise(valeur: int, attendu: str) -> None:
    assert montant(valeur) == attendu


def test_un_montant_avec_centimes_garde_deux_decimales() -> None:
    assert montant(Decimal("12345.5"), centimes=True) == "12\u202f345,50\u00a0€"


def test_un_nombre_est_arrondi_au_plus_proche() -> None:
    assert nombre(Decimal("2.5")) == "3"


def test_une_part_s_ecrit_en_pourcentage() -> None:
    assert pourcentage(Decimal("0.147")) == "14,7\u00a0%"


@pytest.mark.parametrize(
    ("valeur", "decimales", "attendu"),
    [
        (Decimal("1234567.891"), 2, "1\u202f234\u202f567,89"),
        (Decimal("-98765.4321"), 3, "-98\u202f765,432"),
        (Decimal("999.995"), 2, "1\u202f000,00"),
        (Decimal("-0.001"), 2, "0,00"),
        (123, 0, "123"),
        (Decimal("0.5"), 1, "0,5"),
    ],
)
def test_un_nombre_groupe_ses_milliers_par_une_espace_fine_et_ne_signe_pas_un_zero(
    valeur: Decimal, decimales: int, attendu: str
) -> None:
    assert nombre(valeur, decimales) == attendu
