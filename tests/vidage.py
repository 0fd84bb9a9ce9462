"""Le vidage de la base à la fin d'un test transactionnel (navigateur, concurrence), plus court que celui de Django.

Django vide toutes les tables (`flush`), puis émet `post_migrate`, dont les receveurs recréent les types de contenu et
les permissions. Sur PostgreSQL, 0,3 s par test : un TRUNCATE des cent tables, qui recrée les fichiers de chacune, puis
plus de cinq cents lignes réécrites. Le vidage d'ici :
- garde le référentiel (communes, EPCI…), que le test suivant rechargeait ;
- n'efface que les tables qui ont des lignes, par DELETE : un test en remplit une dizaine ;
- garde les types de contenu et les permissions quand ce sont ceux que le dernier `post_migrate` a écrits, et n'émet
  pas alors le signal : ses receveurs n'ont rien d'autre à faire dans une base vidée (le diagnostic, qui suit le seuil
  du secret statistique, n'y trouve aucune valeur). Un test qui les a changés les retrouve recréés par le signal.

Un vidage qui remet les compteurs des clés à zéro (`flush` sans option, comme à la fin d'un module qui garde sa
démonstration en base) reste celui de Django, hors référentiel.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

from tests.instantane import TYPES_DE_CONTENU, contenu_sans_ordre


class Vidage:
    """`suspendu` : vrai pendant qu'un module garde sa démonstration en base (`demo_en_base`) ; ses tests
    transactionnels ne vident pas la base en partant, le module la vide à sa fin."""

    suspendu = False
    # Par base : les types de contenu et les permissions tels que le dernier `post_migrate` les a écrits.
    ecrits: dict[str, list[object]] = {}
    # Les bases dont le vidage en cours garde types de contenu et permissions.
    gardes: set[str] = set()


def types_de_contenu(connexion: Any) -> list[object]:
    with connexion.cursor() as curseur:
        return [contenu_sans_ordre(curseur, table) for table in TYPES_DE_CONTENU]


def tables_remplies(connexion: Any, tables: list[str]) -> list[str]:
    """Celles des `tables` qui ont au moins une ligne, en une requête."""
    if not tables:
        return []
    nom = connexion.ops.quote_name
    requete = " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {nom(table)})" for table in tables)
    with connexion.cursor() as curseur:
        curseur.execute(requete, tables)
        return [ligne[0] for ligne in curseur.fetchall()]


@contextmanager
def vidage_des_tests(referentiel: tuple[str, ...], en_plus: Callable[[Any], list[str]]) -> Iterator[None]:
    """Remplace le vidage de Django par celui d'ici le temps du bloc ; `en_plus(connexion)` : les requêtes à jouer
    après lui."""
    from django.core.management.commands import flush

    requetes_de_django, signal_de_django = flush.sql_flush, flush.emit_post_migrate_signal

    def requetes(style: object, connexion: Any, reset_sequences: bool = True, allow_cascade: bool = False) -> list[str]:
        Vidage.gardes.discard(connexion.alias)
        if Vidage.suspendu:
            return []
        tables = connexion.introspection.django_table_names(only_existing=True, include_views=False)
        tables = [table for table in tables if table not in referentiel]
        apres = en_plus(connexion)
        if reset_sequences:
            return connexion.ops.sql_flush(style, tables, reset_sequences=True, allow_cascade=allow_cascade) + apres
        if Vidage.ecrits.get(connexion.alias) == types_de_contenu(connexion):
            Vidage.gardes.add(connexion.alias)
            tables = [table for table in tables if table not in TYPES_DE_CONTENU]
        nom = connexion.ops.quote_name
        return [f"DELETE FROM {nom(table)}" for table in tables_remplies(connexion, tables)] + apres

    def signal(verbosity: int, interactive: bool, database: str, **kwargs: Any) -> None:
        if database in Vidage.gardes:
            return
        signal_de_django(verbosity, interactive, database, **kwargs)
        Vidage.ecrits[database] = types_de_contenu(connections[database])

    flush.sql_flush, flush.emit_post_migrate_signal = requetes, signal
    try:
        yield
    finally:
        flush.sql_flush, flush.emit_post_migrate_signal = requetes_de_django, signal_de_django
