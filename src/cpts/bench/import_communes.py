"""Scénario : `cpts communes import` complet sur une base vide, dans un processus à part (durée, mémoire de pointe)."""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cpts.bench import base
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


def _importer_une_fois(modele: Path, cible: Path) -> tuple[float, float]:
    for suffixe in ("", "-wal", "-shm"):
        Path(f"{cible}{suffixe}").unlink(missing_ok=True)
    shutil.copyfile(modele, cible)
    env = {**os.environ, "DATABASE_URL": base.url_sqlite(cible)}
    debut = time.perf_counter()
    processus = subprocess.Popen(
        [sys.executable, "-m", "cpts", "communes", "--verbosity", "0", "import"], env=env, stdout=subprocess.DEVNULL
    )
    # wait4 rend l'usage de ce seul enfant : RUSAGE_CHILDREN cumulerait les autres sous-processus du banc.
    _, statut, usage = os.wait4(processus.pid, 0)
    duree = time.perf_counter() - debut
    processus.returncode = os.waitstatus_to_exitcode(statut)
    if processus.returncode:
        raise RuntimeError(f"L'import des communes a échoué (code {processus.returncode}).")
    # ru_maxrss est en kio sous Linux.
    return duree, usage.ru_maxrss / 1024


def mesurer(dossier: Path, repetitions: int) -> ResultatImport:
    modele = base.base_vide(dossier)
    cible = dossier / "import.sqlite3"
    mesures = [_importer_une_fois(modele, cible) for _ in range(repetitions)]
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
        details={"memoire_pointe_mo": round(mesure.memoire_mo, 1)},
    )
