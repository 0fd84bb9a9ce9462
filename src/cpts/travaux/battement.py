"""Le signe de vie d'un travail en cours : tant que le travailleur le fait, un fil à part écrit l'heure dans un petit
fichier du dossier des données (`CPTS_DATA_DIR/travaux/<numéro>.vivant`), six fois par délai de silence
(`TRAVAUX_SILENCE_MAX`). Le travailleur fait de même pour chaque tâche de la file qu'il exécute, travail ou non
(`CPTS_DATA_DIR/taches/<identifiant>.vivant`).

Un fichier et non la base, comme l'avancement : le travail tient sa transaction ouverte jusqu'au bout, et SQLite
n'écrit rien d'autre pendant ce temps. Un travailleur arrêté net (kill -9, mémoire épuisée, machine éteinte) emporte
son fil : l'heure du fichier cesse d'avancer, et `services.constater_abandons` le voit. L'heure écrite est celle de
l'horloge du projet (`timezone.now`), pas la date du fichier : c'est elle que lit la vérification.
"""

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cpts.travaux import fichiers


def _chemin(travail_id: int) -> Path:
    return fichiers.chemin(travail_id, "vivant")


def _chemin_de_tache(tache_id: object) -> Path:
    return fichiers.chemin_de_tache(tache_id, "vivant")


@contextmanager
def _battre(chemin: Path, nom: str) -> Iterator[None]:
    arret = threading.Event()
    periode = settings.TRAVAUX_SILENCE_MAX / 6

    def signaler() -> None:
        fichiers.ecrire(chemin, timezone.now().isoformat())

    def battre_jusqu_a_l_arret() -> None:
        while not arret.wait(periode):
            signaler()

    signaler()
    fil = threading.Thread(target=battre_jusqu_a_l_arret, name=nom, daemon=True)
    fil.start()
    try:
        yield
    finally:
        arret.set()
        fil.join()
        chemin.unlink(missing_ok=True)


def battre(travail_id: int) -> AbstractContextManager[None]:
    """Signale que le travail vit tant que le bloc s'exécute (un premier signe avant d'y entrer), puis efface le
    signe."""
    return _battre(_chemin(travail_id), f"battement-travail-{travail_id}")


def battre_tache(tache_id: object) -> AbstractContextManager[None]:
    """De même pour une tâche de la file que le travailleur exécute (un courriel, un import…)."""
    return _battre(_chemin_de_tache(tache_id), f"battement-tache-{tache_id}")


def _lire(chemin: Path) -> datetime | None:
    texte = fichiers.lire(chemin)
    if not texte:
        return None
    try:
        return datetime.fromisoformat(texte)
    except ValueError:
        return None


def dernier_signe(travail_id: int) -> datetime | None:
    """L'heure du dernier signe de vie du travail, ou rien s'il n'en a jamais donné (ou a fini)."""
    return _lire(_chemin(travail_id))


def dernier_signe_de_tache(tache_id: object) -> datetime | None:
    return _lire(_chemin_de_tache(tache_id))


def effacer(travail_id: int) -> None:
    _chemin(travail_id).unlink(missing_ok=True)


def effacer_tache(tache_id: object) -> None:
    _chemin_de_tache(tache_id).unlink(missing_ok=True)
