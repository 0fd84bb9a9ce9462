"""Une installation neuve : une base SQLite migrée et vide, pour les tests qui lancent une commande `cpts` dans un
processus à part sur leur propre dossier de données (le travailleur, une sauvegarde restaurée ailleurs, le banc).

`cpts migrate` sur une base vide calcule une quinzaine de secondes, trois fois plus sur une machine chargée (Django
refait l'état des modèles à chaque opération de chaque migration) : ces tests la lançaient chacun. La base est migrée
une fois par exécution de la suite, par le banc lui-même (`cpts.bench.base.base_vide` : `cpts migrate` dans un
processus à part, sur une base neuve), sous un verrou commun aux processus de la suite, puis copiée pour chaque test.
Cette base est la migration d'une base vide par la commande d'une installation : `tests/test_migrations.py` compare
son schéma à celui des modèles, `tests/demo/test_preparer.py` y lance `cpts preparer` (comme `make run`).
"""

import os
from pathlib import Path

import pytest

from cpts.bench.base import base_vide, remplacer_par_copie
from tests.instantane import dossier_de_la_suite, verrou


def _modele(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """La base migrée et vide de la suite, faite au premier appel d'un de ses processus. La commande reçoit les réglages
    d'une installation (ni ceux des tests ni leur base) et son propre dossier de données."""
    dossier = dossier_de_la_suite(tmp_path_factory.getbasetemp()) / "base-neuve"
    dossier.mkdir(exist_ok=True)
    with verrou(dossier / "base.verrou"), pytest.MonkeyPatch.context() as environnement:
        environnement.delenv("DJANGO_SETTINGS_MODULE", raising=False)
        environnement.setenv("CPTS_DATA_DIR", str(dossier / "donnees"))
        return base_vide(dossier)


def copier_la_base_neuve(tmp_path_factory: pytest.TempPathFactory, cible: Path) -> None:
    """`cible` devient une copie de la base migrée et vide de la suite."""
    cible.parent.mkdir(parents=True, exist_ok=True)
    remplacer_par_copie(_modele(tmp_path_factory), cible)


def copier_dans_le_dossier_du_banc(tmp_path_factory: pytest.TempPathFactory, dossier_du_banc: Path) -> None:
    """Le dossier du banc reçoit la base vide de la suite et le repère qui la dit faite pour ces migrations : le banc la
    reprend telle quelle, comme à sa seconde exécution (`base_vide`)."""
    modele = _modele(tmp_path_factory)
    dossier_du_banc.mkdir(parents=True, exist_ok=True)
    remplacer_par_copie(modele, dossier_du_banc / modele.name)
    repere = modele.with_suffix(".json")
    (dossier_du_banc / repere.name).write_bytes(repere.read_bytes())


def environnement_d_installation(dossier: Path, url: str | None = None) -> dict[str, str]:
    """L'environnement d'une commande `cpts` lancée comme sur une installation : ni les réglages ni la base des tests,
    son propre dossier de données, et la base `url` si elle est donnée (sinon celle du dossier)."""
    reglages_des_tests = ("DATABASE_URL", "DJANGO_", "CPTS_")
    env = {cle: valeur for cle, valeur in os.environ.items() if not cle.startswith(reglages_des_tests)}
    env["CPTS_DATA_DIR"] = str(dossier)
    if url is not None:
        env["DATABASE_URL"] = url
    return env
