from datetime import date
from decimal import Decimal

import pytest

from cpts.regles import EntreeInvalide, comparer

LE = date(2023, 1, 1)


def test_les_deux_textes_sont_compares_ligne_a_ligne_avec_l_ecart() -> None:
    comparaison = comparer(
        "aci-2019", "avenant-2", LE, 2, ["acces", "crise"], options=["snp-compensation", "snp-regulation"]
    )

    assert [
        (ligne.mission, ligne.volet, ligne.montant_a, ligne.montant_b, ligne.ecart) for ligne in comparaison.lignes
    ] == [
        ("fonctionnement", "fixe", 60000, 60000, 0),
        ("acces", "fixe", 17500, 70000, 52500),
        ("acces", "variable", 17500, 30000, 12500),
        ("acces", "snp_compensation", 12000, 0, -12000),
        ("acces", "snp_regulation", 45000, 0, -45000),
        ("crise", "fixe", 0, 35000, 35000),
    ]


def test_l_ecart_total_est_la_somme_des_ecarts_de_ligne() -> None:
    # ACI 2019 : 90 000 + 150 000 + 100 000 ; avenant 2 : 90 000 + (155 000 + 100 000 + 50 000) × 1,1
    comparaison = comparer(
        "aci-2019",
        "avenant-2",
        LE,
        4,
        ["acces", "parcours", "crise"],
        membres=120,
        options=["snp-compensation", "snp-regulation"],
    )

    assert comparaison.ecart == sum(ligne.ecart for ligne in comparaison.lignes) == Decimal("85500.00")


def test_un_texte_compare_a_lui_meme_ne_donne_aucun_ecart() -> None:
    comparaison = comparer("avenant-2", "avenant-2", LE, 3, ["acces", "prevention"], atteinte=Decimal("0.4"))

    assert {ligne.ecart for ligne in comparaison.lignes} == {Decimal(0)}


def test_un_taux_par_mission_vaut_dans_les_deux_textes() -> None:
    comparaison = comparer("aci-2019", "avenant-2", LE, 1, ["acces", "crise"], atteinte={"acces": Decimal("0.5")})

    variable = next(ligne for ligne in comparaison.lignes if (ligne.mission, ligne.volet) == ("acces", "variable"))

    assert (variable.montant_a, variable.montant_b) == (Decimal("7500.00"), Decimal("12500.00"))


def test_une_mission_qu_aucun_des_deux_textes_ne_connait_est_refusee() -> None:
    with pytest.raises(EntreeInvalide, match="n'existe ni dans le texte ACI 2019 ni dans le texte avenant 2"):
        comparer("aci-2019", "avenant-2", LE, 1, ["urgences"])
