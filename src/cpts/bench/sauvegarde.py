"""Scénario : la sauvegarde complète du jeu du banc puis sa restauration, chacune par la commande de l'exploitant
(`cpts sauvegarde`, `cpts restauration`) dans un processus neuf : durée, mémoire de pointe, et l'aller-retour
vérifié (chaque table sauvegardée a le même nombre de lignes avant et après).

La sauvegarde lit une copie cohérente de la base du jeu (SQLite) ou, sur PostgreSQL, la base du jeu elle-même : elle
ne fait que lire, dans un instantané. La restauration se fait sur une copie de la base vide migrée, comme sur un
serveur neuf : restaurer par-dessus les mêmes données rendrait les mêmes comptes même si rien n'était écrit. Chaque
enfant a son propre dossier de données : le drapeau de maintenance que pose la restauration n'atteint pas le serveur
mesuré ensuite.

Les bornes, pour le jeu national :
- sauvegarde < 1 min : elle tourne sans arrêter la plateforme, mais tient un instantané ouvert tout du long
  (PostgreSQL retient alors le nettoyage des lignes mortes, SQLite ne peut pas reporter son journal) ;
- restauration < 2 min : la plateforme est en maintenance (503 pour tous) pendant toute la durée ;
- < 500 Mo chacune : ce qu'un petit serveur laisse à côté des processus de gunicorn ; les deux lisent et écrivent
  en flux, leur mémoire ne doit pas suivre la taille des données.
"""

import os
import shutil
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import connection

from cpts.bench import base
from cpts.bench.enfant import Enfant, executer
from cpts.bench.mesure import Serie
from cpts.bench.rapport import Resultat, nombre
from cpts.exploitation.sauvegarde import tables

LIMITE_SAUVEGARDE_S = 60
LIMITE_RESTAURATION_S = 120
LIMITE_MO = 500


class Curseur(Protocol):
    """Un curseur DB-API : celui de Django (toute base) ou celui de sqlite3 (la base restaurée)."""

    def execute(self, sql: str) -> Any: ...

    def fetchone(self) -> Any: ...


def compter(curseur: Curseur, noms: Iterable[str]) -> dict[str, int]:
    """Le nombre de lignes de chaque table."""
    comptes = {}
    for nom in noms:
        curseur.execute(f'SELECT COUNT(*) FROM "{nom}"')
        comptes[nom] = int(curseur.fetchone()[0])
    return comptes


def ecarts(avant: Mapping[str, int], apres: Mapping[str, int]) -> dict[str, list[int]]:
    """Les tables dont le nombre de lignes a changé (ou qui manquent d'un côté), avec [avant, après]."""
    return {
        nom: [avant.get(nom, 0), apres.get(nom, 0)]
        for nom in sorted(set(avant) | set(apres))
        if avant.get(nom) != apres.get(nom)
    }


@dataclass(frozen=True)
class ResultatSauvegarde:
    sauvegarde: Enfant
    restauration: Enfant
    octets: int
    comptes: dict[str, int]
    ecarts: dict[str, list[int]]
    base_source: str

    @property
    def objets(self) -> int:
        return sum(self.comptes.values())


def _compter_la_base_restauree(fichier: Path) -> dict[str, int]:
    with closing(sqlite3.connect(fichier)) as restauree:
        return compter(restauree.cursor(), tables())


def mesurer(dossier: Path) -> ResultatSauvegarde:
    travail = dossier / "sauvegarde"
    shutil.rmtree(travail, ignore_errors=True)
    travail.mkdir()
    fichier = travail / "sauvegarde.jsonl.gz"
    config = settings.DATABASES["default"]
    # Comptés au moment de la copie : rien n'écrit dans la base du jeu entre les deux (le serveur n'est pas lancé).
    with connection.cursor() as curseur:
        comptes = compter(curseur, tables())
    url = os.environ["DATABASE_URL"]
    if connection.vendor == "sqlite":
        copie = travail / "source.sqlite3"
        base.remplacer_par_copie(Path(config["NAME"]), copie)
        url = base.url_sqlite(copie)
    sauvegarde = executer(
        ["sauvegarde", "--verbosity", "0", str(fichier)],
        {**os.environ, "DATABASE_URL": url, "CPTS_DATA_DIR": str(travail / "donnees-source")},
    )
    restauree = travail / "restauree.sqlite3"
    base.remplacer_par_copie(base.base_vide(dossier), restauree)
    restauration = executer(
        ["restauration", "--verbosity", "0", str(fichier)],
        {**os.environ, "DATABASE_URL": base.url_sqlite(restauree), "CPTS_DATA_DIR": str(travail / "donnees-neuves")},
    )
    resultat = ResultatSauvegarde(
        sauvegarde,
        restauration,
        fichier.stat().st_size,
        comptes,
        ecarts(comptes, _compter_la_base_restauree(restauree)),
        connection.vendor,
    )
    shutil.rmtree(travail, ignore_errors=True)
    return resultat


def resultats(mesure: ResultatSauvegarde, libelle_jeu: str) -> list[Resultat]:
    sauvegarde, restauration = mesure.sauvegarde, mesure.restauration
    nombre_ecarts = len(mesure.ecarts)
    details = {
        "objets": mesure.objets,
        "tables": len(mesure.comptes),
        "octets_du_fichier": mesure.octets,
        "base_source": mesure.base_source,
        "base_restauree": "sqlite (base vide migrée)",
    }
    return [
        Resultat(
            "sauvegarde",
            f"Sauvegarde complète du {libelle_jeu} ({nombre(mesure.objets, 0)} objets, "
            f"{nombre(mesure.octets / 1024 / 1024)} Mo compressés)",
            f"< {LIMITE_SAUVEGARDE_S} s et < {LIMITE_MO} Mo",
            sauvegarde.duree < LIMITE_SAUVEGARDE_S and sauvegarde.memoire_mo < LIMITE_MO,
            Serie((sauvegarde.duree,)),
            unite="s",
            valeur=f"pointe {sauvegarde.memoire_mo:.0f} Mo, calcul {nombre(sauvegarde.processeur)} s",
            note=(
                "durée, mémoire de pointe et temps de calcul (utilisateur + système : ce que la durée serait sur une "
                "machine libre) de `cpts sauvegarde` dans un processus neuf, démarrage de Python et de Django compris, "
                "une mesure"
            ),
            details={
                **details,
                "memoire_pointe_mo": round(sauvegarde.memoire_mo, 1),
                "processeur_s": round(sauvegarde.processeur, 2),
            },
        ),
        Resultat(
            "restauration",
            f"Restauration sur une base neuve, aller-retour vérifié ({len(mesure.comptes)} tables)",
            f"< {LIMITE_RESTAURATION_S // 60} min et < {LIMITE_MO} Mo, mêmes comptes",
            restauration.duree < LIMITE_RESTAURATION_S and restauration.memoire_mo < LIMITE_MO and not mesure.ecarts,
            Serie((restauration.duree,)),
            unite="s",
            valeur=(
                f"pointe {restauration.memoire_mo:.0f} Mo, calcul {nombre(restauration.processeur)} s, "
                f"{nombre_ecarts} écart{'s' if nombre_ecarts > 1 else ''}"
            ),
            note=(
                "durée, mémoire de pointe et temps de calcul de `cpts restauration` dans un processus neuf, sur une "
                "copie de la base vide migrée, une mesure ; puis le nombre de lignes de chaque table sauvegardée "
                "comparé à la source"
            ),
            details={
                **details,
                "memoire_pointe_mo": round(restauration.memoire_mo, 1),
                "processeur_s": round(restauration.processeur, 2),
                "ecarts": mesure.ecarts,
            },
        ),
    ]
