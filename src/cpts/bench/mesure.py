"""Mesurer une opération plusieurs fois : minimum, médiane, maximum, et le rapport à une référence.

La référence est mesurée dans la même exécution, alternée avec l'opération : une machine plus lente ou plus
chargée ralentit les deux, et le rapport reste comparable d'une machine à l'autre.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Serie:
    """Durées d'une opération, en secondes."""

    durees: tuple[float, ...]

    @property
    def minimum(self) -> float:
        return min(self.durees)

    @property
    def mediane(self) -> float:
        return statistics.median(self.durees)

    @property
    def maximum(self) -> float:
        return max(self.durees)

    def en_json(self, echelle: float = 1000.0) -> dict[str, Any]:
        """En millisecondes par défaut ; `echelle` 1 pour des secondes."""
        return {
            "min": round(self.minimum * echelle, 3),
            "mediane": round(self.mediane * echelle, 3),
            "max": round(self.maximum * echelle, 3),
            "repetitions": len(self.durees),
        }


def chronometrer(operation: Callable[[], object]) -> float:
    debut = time.perf_counter()
    operation()
    return time.perf_counter() - debut


def comparer(
    operation: Callable[[], object],
    reference: Callable[[], object],
    repetitions: int,
    preparation: Callable[[], object] | None = None,
) -> tuple[Serie, Serie]:
    """Mesure l'opération et sa référence en alternance ; `preparation` précède chaque opération, hors chrono.

    Un premier tour non compté chauffe les caches (connexions, gabarits compilés, modules importés).
    """
    if preparation:
        preparation()
    operation()
    reference()
    durees, references = [], []
    for _ in range(repetitions):
        references.append(chronometrer(reference))
        if preparation:
            preparation()
        durees.append(chronometrer(operation))
    return Serie(tuple(durees)), Serie(tuple(references))


def rapport(serie: Serie, reference: Serie) -> float:
    """Médiane sur médiane : insensible aux quelques mesures troublées par un autre processus."""
    return serie.mediane / reference.mediane if reference.mediane else float("inf")
