"""Attribuer à l'import chaque ligne d'historique écrite pendant qu'il s'exécute.

Les services du domaine enregistrent l'auteur de chaque écriture (`_history_user`) ; ils ne savent pas qu'ils sont
appelés par un import. Pendant `attribuer`, toute version historique créée (django-simple-history) reçoit le motif
« Import du portefeuille… » et, à défaut d'auteur, celui de l'import.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from simple_history.signals import pre_create_historical_record

_attribution: ContextVar[tuple[Any, str] | None] = ContextVar("attribution_portefeuille", default=None)
LONGUEUR_MOTIF = 100  # la colonne history_change_reason


def _marquer(sender: object, history_instance: Any, **kwargs: object) -> None:
    attribution = _attribution.get()
    if attribution is None:
        return
    auteur, motif = attribution
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = motif
    if history_instance.history_user_id is None and getattr(auteur, "pk", None):
        history_instance.history_user = auteur


pre_create_historical_record.connect(_marquer, dispatch_uid="cpts.portefeuille.historique")


@contextmanager
def attribuer(auteur: Any, nom_fichier: str) -> Iterator[None]:
    motif = f"Import du portefeuille ({nom_fichier})"
    jeton = _attribution.set((auteur, motif[:LONGUEUR_MOTIF]))
    try:
        yield
    finally:
        _attribution.reset(jeton)
