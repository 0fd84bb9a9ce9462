"""Les nombres saisis à la française (cpts.saisie) : « 6 000 », « 12,5 », « 50 000 € », « 85 % »."""

from decimal import Decimal

import pytest

from cpts.saisie import entier_fr, nombre_fr, taux_fr


@pytest.mark.parametrize("saisie", ["45000", "45 000", "45\u202f000", "45\u00a0000", " 45 000 "])
def test_un_entier_s_ecrit_avec_ou_sans_espaces_de_milliers(saisie: str) -> None:
    assert entier_fr(saisie) == 45_000


@pytest.mark.parametrize("saisie", ["45.000", "45,5", "quarante mille", "-3", ""])
def test_un_entier_mal_ecrit_est_refuse_avec_un_exemple(saisie: str) -> None:
    with pytest.raises(ValueError, match="écrivez par exemple 45 000"):
        entier_fr(saisie)


@pytest.mark.parametrize(
    ("saisie", "valeur"),
    [("6 000", Decimal(6000)), ("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), ("-3,25", Decimal("-3.25"))],
)
def test_un_nombre_s_ecrit_avec_espaces_de_milliers_et_virgule(saisie: str, valeur: Decimal) -> None:
    assert nombre_fr(saisie) == valeur


def test_un_montant_peut_porter_le_signe_euro() -> None:
    assert nombre_fr("12 500,00 €", "€") == Decimal("12500.00")


@pytest.mark.parametrize("saisie", ["douze", "1,2,3", "NaN", "Infinity", "€", True])
def test_un_nombre_illisible_est_refuse_avec_un_exemple(saisie: object) -> None:
    with pytest.raises(ValueError, match="écrivez par exemple 6 000 ou 12,5"):
        nombre_fr(saisie, "€")


@pytest.mark.parametrize(
    ("saisie", "taux"),
    [
        ("85 %", Decimal("0.85")),
        ("85%", Decimal("0.85")),
        ("85,5 %", Decimal("0.855")),
        ("0,85", Decimal("0.85")),
        ("0.85", Decimal("0.85")),
        ("1", Decimal(1)),
        ("100 %", Decimal(1)),
        ("0 %", Decimal(0)),
    ],
)
def test_un_taux_s_ecrit_en_pourcentage_ou_en_decimal_a_virgule(saisie: str, taux: Decimal) -> None:
    assert taux_fr(saisie) == taux


def test_un_nombre_plus_grand_que_un_sans_signe_pourcent_est_refuse_plutot_que_devine() -> None:
    with pytest.raises(ValueError, match="85 % ou 0,85"):
        taux_fr("85")


@pytest.mark.parametrize("saisie", ["120 %", "-5 %", "beaucoup"])
def test_un_taux_hors_de_zero_a_cent_pour_cent_ou_illisible_est_refuse(saisie: str) -> None:
    with pytest.raises(ValueError, match="taux"):
        taux_fr(saisie)
