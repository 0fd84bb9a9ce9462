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
