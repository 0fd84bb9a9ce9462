"""Le signe de vie d'un travail en cours : tant que le travailleur le fait, un fil à part écrit l'heure dans un petit
fichier du dossier des données (`CPTS_DATA_DIR/travaux/<numéro>.vivant`), six fois par délai de silence
(`TRAVAUX_SILENCE_MAX`).

Un fichier et non la base, comme l'avancement : le travail tient sa transaction ouverte jusqu'au bout, et SQLite
n'écrit rien d'autre pendant ce temps. Un travailleur arrêté net (kill -9, mémoire épuisée, machine éteinte) emporte
son fil : l'heure du fichier cesse d'avancer, et `services.constater_abandons` le voit. L'heure écrite est celle de
l'horloge du projet (`timezone.now`), pas la date du fichier : c'est elle que lit la vérification.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cpts.travaux import fichiers


def _chemin(travail_id: int) -> Path:
    return fichiers.chemin(travail_id, "vivant")


def _signaler(travail_id: int) -> None:
    fichiers.ecrire(_chemin(travail_id), timezone.now().isoformat())


@contextmanager
def battre(travail_id: int) -> Iterator[None]:
    """Signale que le travail vit tant que le bloc s'exécute (un premier signe avant d'y entrer), puis efface le
    signe."""
    arret = threading.Event()
    periode = settings.TRAVAUX_SILENCE_MAX / 6

    def battre_jusqu_a_l_arret() -> None:
        while not arret.wait(periode):
            _signaler(travail_id)

    _signaler(travail_id)
    fil = threading.Thread(target=battre_jusqu_a_l_arret, name=f"battement-travail-{travail_id}", daemon=True)
    fil.start()
    try:
        yield
    finally:
        arret.set()
        fil.join()
        effacer(travail_id)


def dernier_signe(travail_id: int) -> datetime | None:
    """L'heure du dernier signe de vie du travail, ou rien s'il n'en a jamais donné (ou a fini)."""
    texte = fichiers.lire(_chemin(travail_id))
    if not texte:
        return None
    try:
        return datetime.fromisoformat(texte)
    except ValueError:
        return None


def effacer(travail_id: int) -> None:
    _chemin(travail_id).unlink(missing_ok=True)
