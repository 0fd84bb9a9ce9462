"""Le volet variable de la mission crise est dû sur crise déclarée, à son propre taux, jamais au taux
d'atteinte des missions (guide URPS Médecins libéraux AuRA, §1.4)."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import pytest

from cpts.regles import Contrat, EntreeInvalide, Ligne, Versement, echeancier, montants_annuels

LE = date(2023, 1, 1)
ATTEINTES = [pytest.param(Decimal(0), id="atteinte-0"), pytest.param(Decimal("0.5"), id="atteinte-0,5"), 1]


def variable_crise(lignes: Iterable[Ligne | Versement]) -> list[Decimal]:
    return [ligne.montant for ligne in lignes if (ligne.mission, ligne.volet) == ("crise", "variable")]


@pytest.mark.parametrize("atteinte", ATTEINTES)
def test_une_crise_survenue_donne_tout_le_variable_crise_quel_que_soit_le_taux_d_atteinte(atteinte: Decimal) -> None:
    financement = montants_annuels(LE, 1, ["crise"], crise_survenue=True, atteinte=atteinte)

    assert variable_crise(financement.lignes) == [Decimal("37500.00")]
    assert financement.total == Decimal("112500.00")


def test_sans_crise_survenue_le_variable_crise_n_est_pas_du() -> None:
    financement = montants_annuels(LE, 1, ["crise"], atteinte=Decimal("0.5"))

    assert variable_crise(financement.lignes) == []
    assert financement.total == Decimal("75000.00")


def test_le_taux_retenu_pour_la_crise_s_applique_au_seul_variable_crise() -> None:
    financement = montants_annuels(
        LE, 1, ["acces", "crise"], crise_survenue=True, taux_crise=Decimal("0.4"), atteinte=Decimal("0.5")
    )

    montants = {(ligne.mission, ligne.volet): ligne.montant for ligne in financement.lignes}
    assert montants[("crise", "variable")] == Decimal("15000.00")
    assert montants[("acces", "variable")] == Decimal("12500.00")


def test_une_crise_les_annees_de_mise_a_jour_du_plan_donne_aussi_tout_le_variable() -> None:
    financement = montants_annuels(
        LE, 1, ["crise"], crise_survenue=True, annee_du_plan="suivante", atteinte=Decimal("0.5")
    )

    assert [(ligne.volet, ligne.montant) for ligne in financement.lignes if ligne.mission == "crise"] == [
        ("fixe", Decimal("12500.00")),
        ("variable", Decimal("37500.00")),
    ]


def test_un_taux_de_crise_hors_de_0_a_1_est_refuse() -> None:
    with pytest.raises(EntreeInvalide, match="taux de la crise hors de"):
        montants_annuels(LE, 1, ["crise"], crise_survenue=True, taux_crise=Decimal("1.2"))


CONTRAT = Contrat(date(2023, 1, 1), 1, {"acces": date(2023, 1, 1), "crise": date(2023, 1, 1)})


@pytest.mark.parametrize("atteinte", ATTEINTES)
@pytest.mark.parametrize("annee", [1, 3], ids=["premiere-annee", "annee-suivante"])
def test_l_echeancier_verse_tout_le_variable_crise_l_annee_de_la_crise_sans_l_atteinte(
    annee: int, atteinte: Decimal
) -> None:
    versements = echeancier(CONTRAT, atteinte=atteinte, crises_survenues={annee})

    assert [(v.annee_contrat, v.montant) for v in versements if (v.mission, v.volet) == ("crise", "variable")] == [
        (annee, Decimal("37500.00"))
    ]


def test_l_echeancier_applique_le_taux_donne_pour_une_crise() -> None:
    versements = echeancier(CONTRAT, atteinte=Decimal(0), crises_survenues={2: Decimal("0.5")})

    assert [(v.annee_contrat, v.montant) for v in versements if (v.mission, v.volet) == ("crise", "variable")] == [
        (2, Decimal("18750.00"))
    ]


def test_l_echeancier_sans_crise_ne_verse_aucun_variable_crise() -> None:
    assert variable_crise(echeancier(CONTRAT, atteinte=Decimal("0.5"))) == []


def test_l_atteinte_continue_de_regler_le_variable_des_autres_missions() -> None:
    versements = echeancier(CONTRAT, atteinte=Decimal("0.5"), crises_survenues={1})

    assert {v.montant for v in versements if (v.mission, v.volet) == ("acces", "variable")} == {Decimal("12500.00")}
