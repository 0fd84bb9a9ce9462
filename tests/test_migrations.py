"""Les migrations d'une base vide donnent exactement le schéma des modèles.

La base de chaque processus de la suite est créée d'après les modèles (`--nomigrations`), sans rejouer les migrations
une à une : Django refait l'état de tous les modèles à chaque opération, une demi-minute par base sur une machine
chargée. Ce test rejoue, lui, les migrations d'une base vide par la commande d'une installation (`cpts migrate`, dans un
processus à part) et compare le schéma obtenu, table par table, colonne par colonne, contrainte et index compris, à
celui de la base de la suite. Une migration qui manque, qu'on aurait retouchée à la main, ou qui écrit autre chose que
ce que disent les modèles le fait échouer ; `makemigrations --check` (`make lint`) ne compare que l'état des modèles que
les migrations décrivent, pas ce qu'elles écrivent dans la base.
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from pprint import pformat
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.base_neuve import copier_la_base_neuve, environnement_d_installation
from tests.conftest import MARQUE_DU_REFERENTIEL

pytestmark = [pytest.mark.django_db, pytest.mark.long, pytest.mark.timeout(600)]


# Le journal des migrations appliquées, que seules les migrations écrivent ; la marque des écritures dans le
# référentiel, que la suite pose sur sa base SQLite (`tests/conftest.py`) ; la liaison des groupes et des permissions de
# Django, dont l'identifiant est un `bigint` sur PostgreSQL par les migrations de Django et un `integer` d'après ses
# modèles (écart de Django lui-même, que la plateforme ne lit pas : elle n'a aucun groupe).
HORS_DES_MODELES = {"django_migrations", MARQUE_DU_REFERENTIEL, "auth_group_permissions"}


def schema(connexion: BaseDatabaseWrapper) -> dict[str, set[str]]:
    """Chaque table : ses colonnes et ses contraintes (clés, unicités, vérifications, index), sans ordre."""
    introspection = connexion.introspection
    with connexion.cursor() as curseur:
        return {
            table: {
                *(f"colonne {colonne!r}" for colonne in introspection.get_table_description(curseur, table)),
                *(
                    f"contrainte {sorted(contrainte.items())!r}"
                    for contrainte in _contraintes(introspection, curseur, table)
                ),
            }
            for table in sorted(set(introspection.table_names(curseur)) - HORS_DES_MODELES)
        }


def _contraintes(introspection: Any, curseur: Any, table: str) -> list[dict[str, Any]]:
    contraintes = []
    for nom, contrainte in introspection.get_constraints(curseur, table).items():
        # L'introspection de SQLite nomme elle-même les contraintes écrites sans nom dans la table, numérotées dans
        # l'ordre des colonnes, qu'une colonne ajoutée par une migration change : seules les autres gardent leur nom.
        anonyme = re.fullmatch(r"__unnamed_constraint_\d+__|__primary__|fk_\d+", nom) is not None
        contraintes.append({**contrainte, "nom": None if anonyme else nom})
    return contraintes


@pytest.fixture
def base_migree(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BaseDatabaseWrapper]:
    """Une base vide migrée par `cpts migrate`, du même moteur que la base de la suite, ouverte à côté d'elle."""
    reglages = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        # La base neuve de la suite : `cpts migrate` sur une base vide, une fois par exécution (`tests/base_neuve.py`).
        reglages["NAME"] = str(tmp_path / "migree.sqlite3")
        copier_la_base_neuve(tmp_path_factory, Path(reglages["NAME"]))
    else:
        reglages["NAME"] = f"{connection.settings_dict['NAME']}_migree"
        with connection._nodb_cursor() as curseur:
            curseur.execute(f'DROP DATABASE IF EXISTS "{reglages["NAME"]}"')
            curseur.execute(f'CREATE DATABASE "{reglages["NAME"]}"')
        utilisateur, mot_de_passe = (quote(reglages[cle], safe="") for cle in ("USER", "PASSWORD"))
        url = f"postgres://{utilisateur}:{mot_de_passe}@{reglages['HOST']}:{reglages['PORT']}/{reglages['NAME']}"
        commande = [sys.executable, "-m", "cpts", "migrate", "--verbosity", "0"]
        env = environnement_d_installation(tmp_path, url)
        resultat = subprocess.run(commande, env=env, capture_output=True, text=True)
        assert resultat.returncode == 0, resultat.stderr[-3000:]
    # Une connexion de Django comme une autre, le temps du test : l'introspection passe par `connections[alias]`. Elle
    # est ouverte ici, à la main : un test n'a le droit d'ouvrir que les connexions à sa propre base.
    connections.settings["migree"] = reglages
    connections["migree"].connect()
    yield connections["migree"]
    connections["migree"].close()
    del connections["migree"]
    del connections.settings["migree"]
    if connection.vendor != "sqlite":
        with connection._nodb_cursor() as curseur:
            curseur.execute(f'DROP DATABASE "{reglages["NAME"]}"')


def test_les_migrations_d_une_base_vide_ecrivent_le_schema_des_modeles(base_migree: BaseDatabaseWrapper) -> None:
    migre, modeles = schema(base_migree), schema(connection)
    assert sorted(migre) == sorted(modeles)
    ecarts = {
        table: {"par les migrations seules": migre[table] - attendu, "par les modèles seuls": attendu - migre[table]}
        for table, attendu in modeles.items()
        if migre[table] != attendu
    }
    assert not ecarts, "Schéma écrit par les migrations différent de celui des modèles :\n" + pformat(ecarts, width=120)
