"""L'instantané de la démonstration : ses lignes chargées une fois par suite, reposées ensuite table par table.

`cpts demo` calcule une minute et plus (import des portefeuilles, vie des contrats, état de chaque contrat) ; chaque
processus de la suite la chargeait au moins une fois, chaque sorte de démonstration partagée (`demo`, `demo_en_base`)
la sienne. Le premier qui en a besoin la charge pour de bon (la commande, à l'instant des tests), puis prend les
lignes de toutes les tables hors du référentiel ; les suivants, dans ce processus ou l'autre, posent ces lignes
(quelques secondes) : même base, au caractère près, clés comprises. Un verrou sur un fichier tient l'autre processus
pendant le chargement : il attend les lignes au lieu de refaire le calcul sur le même cœur.

L'instantané ne sert que la base qui l'a produit à l'identique : même schéma (colonnes de chaque table) et même
référentiel (son empreinte) ; sinon la démonstration est chargée pour de bon. Il vit le temps d'une exécution de la
suite, dans le dossier temporaire de pytest : chaque suite exécute la commande au moins une fois. La version des
données du déploiement revient avec les lignes qu'elle numérotait, comme après une restauration
(`cpts.territoires.deploiement`).

Le référentiel des communes a le sien (`importer_le_referentiel`) : importé pour de bon dans la base de test du
premier processus, posé dans celle de l'autre.
"""

import fcntl
import hashlib
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from cpts.exploitation.sauvegarde import analyser

Lignes = dict[str, tuple[tuple[str, ...], Any]]


def _tables(referentiel: tuple[str, ...]) -> list[str]:
    return sorted(
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in referentiel
    )


def _colonnes(table: str) -> tuple[str, ...]:
    with connection.cursor() as curseur:
        return tuple(colonne.name for colonne in connection.introspection.get_table_description(curseur, table))


def empreinte(referentiel: tuple[str, ...]) -> str:
    """Le schéma (chaque table et ses colonnes) et le référentiel (nombre de lignes et bornes de chaque table)."""
    parties: list[object] = [connection.vendor]
    nom = connection.ops.quote_name
    with connection.cursor() as curseur:
        for table in sorted(connection.introspection.django_table_names(only_existing=True, include_views=False)):
            parties.append((table, _colonnes(table)))
        for table in referentiel:
            cle = connection.introspection.get_primary_key_column(curseur, table)
            curseur.execute(f"SELECT COUNT(*), MIN({nom(cle)}), MAX({nom(cle)}) FROM {nom(table)}")
            parties.append((table, curseur.fetchone()))
    return hashlib.sha256(repr(parties).encode()).hexdigest()


def _lire(curseur: Any, table: str) -> tuple[tuple[str, ...], Any]:
    nom = connection.ops.quote_name
    colonnes = _colonnes(table)
    liste = ", ".join(nom(colonne) for colonne in colonnes)
    if connection.vendor == "postgresql":
        # Le texte de COPY : chaque valeur telle que PostgreSQL la relira.
        with curseur.cursor.copy(f"COPY {nom(table)} ({liste}) TO STDOUT") as copie:
            return colonnes, b"".join(bytes(bloc) for bloc in copie)
    # `+colonne` : une expression, sans type déclaré, que les convertisseurs de Django laissent telle qu'elle est
    # stockée (texte des dates, entiers des booléens).
    curseur.execute(f"SELECT {', '.join('+' + nom(colonne) for colonne in colonnes)} FROM {nom(table)}")
    return colonnes, curseur.fetchall()


def sans_ordre(contenu: Any) -> Counter[object]:
    """Les lignes d'une table, sans leur ordre (PostgreSQL relit une table dans l'ordre où ses pages l'ont rangée)."""
    return Counter(contenu.splitlines() if isinstance(contenu, bytes) else contenu)


def contenu_sans_ordre(curseur: Any, table: str) -> Counter[object]:
    """Les lignes de la table telles qu'elles sont stockées, sans leur ordre."""
    return sans_ordre(_lire(curseur, table)[1])


def prendre(referentiel: tuple[str, ...]) -> Lignes:
    """Les lignes de chaque table hors du référentiel, telles qu'elles sont stockées (sans conversion)."""
    return _prendre_les(_tables(referentiel))


def _prendre_les(tables: list[str]) -> Lignes:
    with connection.cursor() as curseur:
        return {table: _lire(curseur, table) for table in tables}


# Écrits par les migrations (et recréés après chaque vidage), les mêmes dans toute base au même schéma : laissés en
# place quand ils sont déjà ceux de l'instantané, pour que le processus garde ses types de contenu lus.
TYPES_DE_CONTENU = ("django_content_type", "auth_permission")


def poser(lignes: Lignes, referentiel: tuple[str, ...]) -> None:
    """Remplace le contenu de chaque table hors du référentiel par `lignes`, dans la transaction en cours (les clés
    étrangères sont vérifiées à sa fin) ; les compteurs des clés repartent après les clés posées."""
    nom = connection.ops.quote_name
    with connection.cursor() as curseur:
        gardees = [
            table
            for table in TYPES_DE_CONTENU
            if table in lignes and contenu_sans_ordre(curseur, table) == sans_ordre(lignes[table][1])
        ]
        for table in _tables(referentiel):
            if table not in gardees:
                curseur.execute(f"DELETE FROM {nom(table)}")
        _ecrire(curseur, {table: contenu for table, contenu in lignes.items() if table not in gardees})
    if len(gardees) < len(TYPES_DE_CONTENU):
        # Les types de contenu posés ont les clés de l'instantané : ceux gardés par le processus n'ont plus cours.
        ContentType.objects.clear_cache()


def _ecrire(curseur: Any, lignes: Lignes) -> None:
    """Écrit les lignes de chaque table telles qu'elles ont été prises ; les compteurs des clés repartent après les
    clés écrites."""
    nom = connection.ops.quote_name
    for table, (colonnes, contenu) in lignes.items():
        liste = ", ".join(nom(colonne) for colonne in colonnes)
        if connection.vendor == "postgresql":
            with curseur.cursor.copy(f"COPY {nom(table)} ({liste}) FROM STDIN") as copie:
                copie.write(contenu)
        elif contenu:
            marques = ", ".join(["%s"] * len(colonnes))
            curseur.executemany(f"INSERT INTO {nom(table)} ({liste}) VALUES ({marques})", contenu)
    # SQLite avance seul son compteur sur une clé posée plus grande ; PostgreSQL non.
    for requete in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
        curseur.execute(requete)


def lignes_du_planificateur(table: str) -> float | None:
    """Le nombre de lignes que le planificateur de PostgreSQL prête à la table (None sur SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as curseur:
        curseur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return curseur.fetchone()[0]


@contextmanager
def verrou(fichier: Path) -> Iterator[None]:
    with fichier.open("a") as descripteur:
        fcntl.flock(descripteur, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descripteur, fcntl.LOCK_UN)


def dossier_de_la_suite(base: Path) -> Path:
    """Le dossier temporaire commun aux processus de la suite (celui de chaque processus de pytest-xdist est dedans)."""
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _servi_par_l_instantane(
    fichier: Path,
    cle: str,
    poser_les: Callable[[Lignes], None],
    faire: Callable[[], None],
    prendre: Callable[[], Lignes],
) -> bool:
    """Sous un verrou commun aux processus de la suite : les lignes de `fichier` posées s'il a été pris sous la même
    clé, sinon `faire` pour de bon, puis les lignes prises pour les suivants. Vrai si posées."""
    with verrou(fichier.with_suffix(".verrou")):
        if fichier.exists():
            cle_prise, lignes = pickle.loads(fichier.read_bytes())
            if cle_prise == cle:
                poser_les(lignes)
                return True
        faire()
        provisoire = fichier.with_suffix(".provisoire")
        provisoire.write_bytes(pickle.dumps((cle, prendre()), protocol=pickle.HIGHEST_PROTOCOL))
        provisoire.replace(fichier)
    return False


def charger(dossier: Path, referentiel: tuple[str, ...], charger_pour_de_bon: Callable[[], None]) -> bool:
    """La démonstration dans la base, dans la transaction en cours : posée depuis l'instantané de la suite s'il sert
    cette base, sinon chargée pour de bon par `charger_pour_de_bon`, puis prise pour les suivants. Vrai si posée."""
    posee = _servi_par_l_instantane(
        dossier / f"demo-{connection.vendor}.pickle",
        empreinte(referentiel),
        lambda lignes: poser(lignes, referentiel),
        charger_pour_de_bon,
        lambda: prendre(referentiel),
    )
    # Les tables de la base de test sont vidées à chaque test annulé, et l'autovacuum de PostgreSQL les dit alors
    # vides pour de bon : les tests qui lisent la démonstration en recevaient des plans de requête cent fois plus
    # lents, au hasard des passages de l'autovacuum (un test de 5 s arrêté après 4 minutes). Comme après une
    # restauration, les statistiques sont refaites sur la démonstration.
    analyser(_tables(referentiel))
    return posee


def importer_le_referentiel(dossier: Path, referentiel: tuple[str, ...], importer: Callable[[], None]) -> bool:
    """Le référentiel dans la base de test neuve d'un processus de la suite : importé pour de bon par le premier qui
    en a besoin (`importer`, une dizaine de secondes de calcul : contours décodés, voisinages, superficies), qui en
    prend les lignes ; posé depuis elles par les suivants, en une ou deux secondes. Vrai si posé."""
    cle = repr([connection.vendor, *((table, _colonnes(table)) for table in referentiel)])
    return _servi_par_l_instantane(
        dossier / f"referentiel-{connection.vendor}.pickle",
        hashlib.sha256(cle.encode()).hexdigest(),
        _poser_dans_une_base_neuve,
        importer,
        lambda: _prendre_les(list(referentiel)),
    )


def _poser_dans_une_base_neuve(lignes: Lignes) -> None:
    with transaction.atomic(), connection.cursor() as curseur:
        _ecrire(curseur, lignes)
