"""`make run` prépare la base par `cpts preparer` : deux lancements de suite ne dupliquent ni ne perdent rien."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.base_neuve import copier_la_base_neuve, environnement_d_installation

# Deux préparations (référentiel des communes, puis la démonstration : deux portefeuilles importés et cinq ans de
# contrats suivis) dans des processus neufs : plus que la borne ordinaire d'un test sur une machine chargée.
pytestmark = [pytest.mark.timeout(600), pytest.mark.long]


def preparer(dossier: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cpts", "preparer"],
        env=environnement_d_installation(dossier),
        capture_output=True,
        text=True,
        check=True,
    )


def compter_les_lignes(base: Path) -> dict[str, int]:
    with sqlite3.connect(base) as connexion:
        tables = [nom for (nom,) in connexion.execute("select name from sqlite_master where type = 'table'")]
        return {table: connexion.execute(f'select count(*) from "{table}"').fetchone()[0] for table in tables}


@pytest.fixture(scope="module")
def deux_preparations(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], dict[str, int]]:
    """Deux préparations d'une installation neuve. Sa base est la base neuve de la suite (`cpts migrate` sur une base
    vide, fait une fois par exécution, `tests/base_neuve.py`) : la première préparation n'y rejoue pas les migrations,
    une demi-minute sur une machine lente, déjà éprouvées par `tests/test_migrations.py`."""
    dossier = tmp_path_factory.mktemp("donnees")
    copier_la_base_neuve(tmp_path_factory, dossier / "cpts.sqlite3")
    preparer(dossier)
    premiere = compter_les_lignes(dossier / "cpts.sqlite3")
    preparer(dossier)
    return premiere, compter_les_lignes(dossier / "cpts.sqlite3")


def test_la_preparation_cree_les_comptes_et_les_cpts_de_demo(deux_preparations: tuple[dict, dict]) -> None:
    premiere, _ = deux_preparations
    assert premiere["comptes_utilisateur"] == 8
    assert premiere["dossiers_cpts"] >= 1


def test_relancer_la_preparation_ne_change_aucune_table(deux_preparations: tuple[dict, dict]) -> None:
    premiere, seconde = deux_preparations
    assert seconde == premiere
