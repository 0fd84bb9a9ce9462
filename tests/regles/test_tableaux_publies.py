"""Chaque cellule des deux tableaux publiés (ACI 2019 et avenant 2) est reproduite au centime."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpts.regles import Financement, montants_annuels

TABLEAUX: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "tableaux_publies.yaml").read_text("utf-8"))
TAILLES = (1, 2, 3, 4)


def financement(texte: str, taille: int, annee_du_plan: str = "premiere") -> Financement:
    tableau = TABLEAUX[texte]
    return montants_annuels(
        tableau["date"],
        taille,
        tableau["missions"],
        crise_survenue=tableau.get("crise_survenue", False),
        options=tableau.get("options", []),
        annee_du_plan=annee_du_plan,  # type: ignore[arg-type]
    )


def cellules() -> list[Any]:
    return [
        pytest.param(
            texte,
            taille,
            ligne,
            id=f"{texte}-taille{taille}-{ligne['mission']}-{ligne['volet']}"
            + (f"-{ligne['annee_du_plan']}" if "annee_du_plan" in ligne else ""),
        )
        for texte, tableau in TABLEAUX.items()
        for ligne in tableau["lignes"]
        for taille in TAILLES
    ]


def totaux_par_mission() -> list[Any]:
    return [
        pytest.param(texte, taille, mission, montants[taille - 1], id=f"{texte}-taille{taille}-{mission}")
        for texte, tableau in TABLEAUX.items()
        for mission, montants in tableau["totaux_par_mission"].items()
        for taille in TAILLES
    ]


@pytest.mark.parametrize(("texte", "taille", "ligne"), cellules())
def test_chaque_cellule_publiee_est_reproduite(texte: str, taille: int, ligne: dict[str, Any]) -> None:
    calcul = financement(texte, taille, ligne.get("annee_du_plan", "premiere"))

    montants = {(calculee.mission, calculee.volet): calculee.montant for calculee in calcul.lignes}

    assert calcul.texte == texte
    assert montants[(ligne["mission"], ligne["volet"])] == Decimal(ligne["montants"][taille - 1])


@pytest.mark.parametrize(("texte", "taille", "mission", "attendu"), totaux_par_mission())
def test_le_total_de_chaque_mission_est_celui_publie(texte: str, taille: int, mission: str, attendu: int) -> None:
    calcul = financement(texte, taille)

    assert sum(ligne.montant for ligne in calcul.lignes if ligne.mission == mission) == Decimal(attendu)


@pytest.mark.parametrize("taille", TAILLES)
@pytest.mark.parametrize("texte", list(TABLEAUX))
def test_le_financement_total_possible_est_celui_publie(texte: str, taille: int) -> None:
    assert financement(texte, taille).total == Decimal(TABLEAUX[texte]["total"][taille - 1])


@pytest.mark.parametrize("texte", list(TABLEAUX))
def test_aucune_ligne_calculee_n_est_absente_du_tableau_publie(texte: str) -> None:
    publiees = {(ligne["mission"], ligne["volet"]) for ligne in TABLEAUX[texte]["lignes"]}

    calculees = {(ligne.mission, ligne.volet) for ligne in financement(texte, 1).lignes}

    assert calculees <= publiees
