"""L'avancement d'un travail en cours (lignes faites sur le total), pour la barre de progression de sa page de suivi.

Écrit dans un petit fichier du dossier des données (`CPTS_DATA_DIR/travaux/`) et non en base : le travail tient sa
transaction ouverte jusqu'au bout (tout ou rien), si bien qu'une ligne écrite en base ne se lirait qu'à la fin, et que
SQLite n'écrit rien d'autre pendant ce temps. Le travailleur et le serveur sont deux processus : un fichier se voit des
deux. Il s'efface quand le travail finit.
"""

import json
from collections.abc import Callable
from pathlib import Path

from cpts.travaux import fichiers


def _chemin(travail_id: int) -> Path:
    return fichiers.chemin(travail_id, "json")


def suiveur(travail_id: int) -> Callable[[int, int], None]:
    """La fonction `progression(faites, total)` d'un travail : une écriture par centième, pas plus."""

    def avancer(faites: int, total: int) -> None:
        if faites != total and faites % max(1, total // 100):
            return
        fichiers.ecrire(_chemin(travail_id), json.dumps({"faites": faites, "total": total}))

    return avancer


def lire(travail_id: int) -> tuple[int, int] | None:
    """(faites, total) du travail, ou rien s'il n'a pas encore commencé à avancer (ou a fini)."""
    texte = fichiers.lire(_chemin(travail_id))
    if not texte:
        return None
    try:
        etat = json.loads(texte)
    except ValueError:
        return None
    return etat["faites"], etat["total"]


def effacer(travail_id: int) -> None:
    _chemin(travail_id).unlink(missing_ok=True)
