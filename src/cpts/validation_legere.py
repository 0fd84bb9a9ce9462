"""Une transaction validée sans attendre que le disque confirme l'écriture : pour des données qu'on peut perdre sans
dommage lors d'une coupure de courant, jamais pour des données métier.

La session réécrite à chaque clic du compositeur (la composition en cours) se terminait par un `COMMIT` que SQLite
synchronise sur disque (`synchronous=FULL`, sa valeur par défaut) : 1 à 6 ms selon la charge du disque, plus que tout
le reste de l'ajout d'une commune. En mode WAL, `synchronous=NORMAL` garde la base cohérente en toute circonstance ;
seule une coupure de courant ou un arrêt du système (pas un arrêt du serveur) peut perdre les dernières transactions
ainsi validées, jusqu'à la prochaine transaction synchronisée, qui les emporte avec elle. PostgreSQL prévoit la même
chose par transaction (`SET LOCAL synchronous_commit TO OFF`). Les autres transactions de la connexion restent
synchronisées : le réglage est rendu à la fin.
"""

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# Les niveaux de `PRAGMA synchronous` de SQLite : 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
NORMAL = 1


@contextmanager
def sans_attendre_le_disque(alias: str) -> Iterator[None]:
    """Une transaction (`transaction.atomic`) dont la validation n'attend pas le disque.

    Dans une transaction déjà ouverte, la validation est celle de la transaction englobante : rien ne change. Sur
    SQLite hors mode WAL (base en mémoire des tests, journal classique), rien ne change non plus : `NORMAL` n'y garantit
    plus la cohérence de la base après une coupure.
    """
    connexion = connections[alias]
    if connexion.in_atomic_block:
        with transaction.atomic(using=alias):
            yield
        return
    if connexion.vendor == "sqlite":
        with _sqlite_en_normal(connexion), transaction.atomic(using=alias):
            yield
        return
    with transaction.atomic(using=alias):
        if connexion.vendor == "postgresql":
            with connexion.cursor() as curseur:
                curseur.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def executer_sans_attendre_le_disque(alias: str, sql: str, parametres: Sequence[object]) -> int:
    """Une seule instruction d'écriture, validée sans attendre le disque ; rend le nombre de lignes touchées.

    Sur SQLite hors d'une transaction, l'instruction se valide seule (la connexion de Django est en validation
    automatique) : ni le `BEGIN` ni le `COMMIT` d'une transaction de Django autour, plus de la moitié de la réécriture
    d'une session. Ailleurs, la transaction de `sans_attendre_le_disque`.
    """
    connexion = connections[alias]
    legere = (
        _sqlite_en_normal(connexion)
        if connexion.vendor == "sqlite" and not connexion.in_atomic_block
        else sans_attendre_le_disque(alias)
    )
    with legere, connexion.cursor() as curseur:
        curseur.execute(sql, parametres)
        return int(curseur.rowcount)


@contextmanager
def _sqlite_en_normal(connexion: BaseDatabaseWrapper) -> Iterator[None]:
    """La connexion SQLite en `synchronous=NORMAL` le temps du bloc, si elle est en WAL ; son réglage rendu ensuite."""
    # Par la connexion de SQLite elle-même : trois instructions de quelques microsecondes, que le curseur de Django
    # décuplait.
    connexion.ensure_connection()
    brute = connexion.connection
    niveau = _niveau_en_wal(brute)
    if niveau is not None:
        brute.execute(f"PRAGMA synchronous = {NORMAL}")
    try:
        yield
    finally:
        # Une connexion fermée entre-temps (erreur) emporte son réglage : la suivante repart des réglages.
        if niveau is not None and connexion.connection is brute:
            brute.execute(f"PRAGMA synchronous = {niveau}")


def _niveau_en_wal(brute: sqlite3.Connection) -> int | None:
    """Le niveau de synchronisation d'une connexion SQLite en mode WAL, s'il dépasse NORMAL ; None sinon (jamais plus de
    synchronisation qu'avant : OFF, celui des bases jetables des tests, reste OFF)."""
    if brute.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        return None
    niveau = int(brute.execute("PRAGMA synchronous").fetchone()[0])
    return niveau if niveau > NORMAL else None
