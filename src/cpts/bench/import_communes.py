"""Scénarios de `cpts communes import`, dans un processus à part (durée, mémoire de pointe) : l'import complet sur une
base vide, puis la mise à jour annuelle des populations (chaque commune de la base a une population qui n'est plus
celle du référentiel)."""

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from cpts.bench import base, enfant
from cpts.bench.mesure import Serie
from cpts.bench.rapport import Resultat

LIMITE_SECONDES = 300
LIMITE_MO = 1024


@dataclass(frozen=True)
class ResultatImport:
    durees: Serie
    memoire_mo: float
    base: Path
    """La dernière base importée : elle peut servir de point de départ au jeu."""


def _importer_une_fois(
    modele: Path, cible: Path, referentiel: Path, populations_changees: bool = False
) -> tuple[float, float]:
    base.remplacer_par_copie(modele, cible)
    if populations_changees:
        with closing(sqlite3.connect(cible)) as connexion, connexion:
            connexion.execute("UPDATE territoires_commune SET population = population + 1")
    env = {**os.environ, "DATABASE_URL": base.url_sqlite(cible)}
    importe = enfant.executer(["communes", "--verbosity", "0", "import", "--dossier", str(referentiel)], env)
    return importe.duree, importe.memoire_mo


def mesurer(dossier: Path, repetitions: int, referentiel: Path) -> ResultatImport:
    modele = base.base_vide(dossier)
    cible = dossier / "import.sqlite3"
    mesures = [_importer_une_fois(modele, cible, referentiel) for _ in range(repetitions)]
    return ResultatImport(Serie(tuple(d for d, _ in mesures)), max(m for _, m in mesures), cible)


def mesurer_la_mise_a_jour(dossier: Path, repetitions: int, referentiel: Path, importee: Path) -> ResultatImport:
    """Le même import sur une copie de la base déjà importée (`importee`), toutes ses populations changées."""
    cible = dossier / "mise-a-jour.sqlite3"
    mesures = [_importer_une_fois(importee, cible, referentiel, populations_changees=True) for _ in range(repetitions)]
    return ResultatImport(Serie(tuple(d for d, _ in mesures)), max(m for _, m in mesures), cible)


def resultat(mesure: ResultatImport) -> Resultat:
    return Resultat(
        "import_communes",
        "Import complet des communes (base vide)",
        f"< {LIMITE_SECONDES // 60} min et < {LIMITE_MO // 1024} Go",
        mesure.durees.maximum < LIMITE_SECONDES and mesure.memoire_mo < LIMITE_MO,
        mesure.durees,
        unite="s",
        valeur=f"pointe {mesure.memoire_mo:.0f} Mo",
        note=(
            "durée et mémoire de pointe de `cpts communes import` dans un processus neuf, sur une base vide migrée, "
            f"{len(mesure.durees.durees)} fois"
        ),
        details={"memoire_pointe_mo": round(mesure.memoire_mo, 1)},
    )


def resultat_de_la_mise_a_jour(mesure: ResultatImport, import_complet: ResultatImport) -> Resultat:
    return Resultat(
        "maj_populations",
        "Mise à jour des populations de toutes les communes",
        "≤ 1 × l'import complet",
        mesure.durees.mediane <= import_complet.durees.mediane,
        mesure.durees,
        reference=import_complet.durees,
        reference_libelle="import complet sur une base vide",
        unite="s",
        note=(
            "`cpts communes import` sur la base déjà importée, la population de chaque commune changée : le millésime "
            "annuel des populations ; pointe de mémoire "
            f"{mesure.memoire_mo:.0f} Mo"
        ),
        details={"memoire_pointe_mo": round(mesure.memoire_mo, 1)},
    )
