"""Une commande `cpts` lancée dans un processus neuf : sa durée, sa mémoire de pointe et son temps de calcul."""

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Enfant:
    duree: float
    """Secondes d'horloge, démarrage de Python et de Django compris."""
    memoire_mo: float
    """Pointe de mémoire résidente (ru_maxrss) de ce seul processus."""
    processeur: float
    """Temps de calcul (utilisateur + système) : ce que la durée serait sur une machine libre."""


def executer(commande: list[str], env: Mapping[str, str]) -> Enfant:
    """`python -m cpts <commande>`, sortie standard écartée ; une erreur si elle échoue (son message passe)."""
    debut = time.perf_counter()
    processus = subprocess.Popen([sys.executable, "-m", "cpts", *commande], env=dict(env), stdout=subprocess.DEVNULL)
    # wait4 rend l'usage de ce seul enfant : RUSAGE_CHILDREN cumulerait les autres sous-processus du banc.
    _, statut, usage = os.wait4(processus.pid, 0)
    duree = time.perf_counter() - debut
    processus.returncode = os.waitstatus_to_exitcode(statut)
    if processus.returncode:
        raise RuntimeError(f"« cpts {' '.join(commande[:2])} » a échoué (code {processus.returncode}).")
    # ru_maxrss est en kio sous Linux.
    return Enfant(duree, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)
