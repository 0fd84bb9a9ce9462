"""Lancer plusieurs écritures au même instant, chacune dans son fil et donc sa connexion (tests PostgreSQL)."""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connections

R = TypeVar("R")


def en_meme_temps(*taches: Callable[[Callable[[], object]], R]) -> list[R | Exception]:
    """Chaque tâche reçoit `attendre` : elle prépare ce qu'elle veut (lire une révision…), attend le signal commun,
    puis écrit. Rend le résultat de chacune, ou l'exception qui l'a arrêtée."""
    depart = threading.Barrier(len(taches))
    resultats: list[R | Exception] = [RuntimeError("tâche non terminée")] * len(taches)

    def lancer(rang: int) -> None:
        try:
            resultats[rang] = taches[rang](depart.wait)
        except Exception as erreur:  # le refus attendu est un résultat comme un autre
            resultats[rang] = erreur
        finally:
            connections.close_all()

    fils = [threading.Thread(target=lancer, args=(rang,)) for rang in range(len(taches))]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=60)
    return resultats
