"""La saisie d'un scénario à la française : « 45 000 » habitants, « 85 % » ou « 0,85 » d'atteinte, dates JJ/MM/AAAA."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cpts.www.simulation.forms import FormulaireScenario, entier_fr, taux_fr


@pytest.mark.parametrize("saisie", ["45000", "45 000", "45\u202f000", "45\u00a0000", " 45 000 "])
def test_un_entier_s_ecrit_avec_ou_sans_espaces_de_milliers(saisie: str) -> None:
    assert entier_fr(saisie) == 45_000


@pytest.mark.parametrize("saisie", ["45.000", "45,5", "quarante mille", "-3"])
def test_un_entier_mal_ecrit_est_refuse_avec_un_exemple(saisie: str) -> None:
    with pytest.raises(ValidationError, match="écrivez par exemple 45 000"):
        entier_fr(saisie)


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
    with pytest.raises(ValidationError, match="85 % ou 0,85"):
        taux_fr("85")


@pytest.mark.parametrize("saisie", ["120 %", "-5 %", "beaucoup"])
def test_un_taux_hors_de_zero_a_cent_pour_cent_ou_illisible_est_refuse(saisie: str) -> None:
    with pytest.raises(ValidationError):
        taux_fr(saisie)


def test_le_formulaire_donne_le_scenario_saisi_a_la_francaise() -> None:
    formulaire = FormulaireScenario(
        {
            "a-population": "45 000",
            "a-signature": "15/01/2023",
            "a-membres": "1 200",
            "a-atteinte": "85 %",
            "a-crises": ["2", "4"],
            "a-choisie_acces": "on",
            "a-demarrage_acces": "01/07/2023",
            "a-choisie_parcours": "on",
            "a-texte": "aci-2019",
        },
        prefix="a",
        cochees=set(),
    )

    assert formulaire.is_valid(), formulaire.errors
    scenario = formulaire.scenario()
    assert scenario.population == 45_000
    assert scenario.signature == datetime.date(2023, 1, 15)
    assert scenario.membres == 1_200
    assert scenario.atteinte == Decimal("0.85")
    assert scenario.crises == {2, 4}
    assert scenario.missions == {"acces": datetime.date(2023, 7, 1), "parcours": None}
    assert scenario.texte == "aci-2019"


def test_une_mission_ne_demarre_pas_avant_la_signature() -> None:
    formulaire = FormulaireScenario(
        {
            "a-population": "45000",
            "a-signature": "15/01/2023",
            "a-choisie_acces": "on",
            "a-demarrage_acces": "01/01/2023",
        },
        prefix="a",
        cochees=set(),
    )

    assert not formulaire.is_valid()
    assert formulaire.errors["demarrage_acces"] == ["Une mission démarre au plus tôt à la signature du contrat."]
