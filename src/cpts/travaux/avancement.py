"""L'avancement d'un travail en cours (lignes faites sur le total), pour la barre de progression de sa page de suivi.

Écrit dans un petit fichier du dossier des données (`CPTS_DATA_DIR/travaux/`) et non en base : le travail tient sa
transaction ouverte jusqu'au bout (tout ou rien), si bien qu'une ligne écrite en base ne se lirait qu'à la fin, et que
SQLite n'écrit rien d'autre pendant ce temps. Le travailleur et le serveur sont deux processus : un fichier se voit des
deux. Il s'efface quand le travail finit.
"""

import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings


def _chemin(travail_id: int) -> Path:
    return Path(settings.DATA_DIR) / "travaux" / f"{int(travail_id)}.json"


def suiveur(travail_id: int) -> Callable[[int, int], None]:
    """La fonction `progression(faites, total)` d'un travail : une écriture par centième, pas plus."""

    def avancer(faites: int, total: int) -> None:
        if faites != total and faites % max(1, total // 100):
            return
        chemin = _chemin(travail_id)
        chemin.parent.mkdir(parents=True, exist_ok=True)
        provisoire = chemin.with_suffix(".tmp")
        provisoire.write_text(json.dumps({"faites": faites, "total": total}), encoding="utf-8")
        provisoire.replace(chemin)  # atomique : la page ne lit jamais un fichier à moitié écrit

    return avancer


def lire(travail_id: int) -> tuple[int, int] | None:
    """(faites, total) du travail, ou rien s'il n'a pas encore commencé à avancer (ou a fini)."""
    try:
        etat = json.loads(_chemin(travail_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return etat["faites"], etat["total"]


def effacer(travail_id: int) -> None:
    _chemin(travail_id).unlink(missing_ok=True)
