"""Mesurer une opération plusieurs fois : minimum, médiane, maximum, et le rapport à une référence.

La référence est mesurée dans la même exécution, alternée avec l'opération : une machine plus lente ou plus
chargée ralentit les deux, et le rapport reste comparable d'une machine à l'autre.
"""

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any, TypeVar

T = TypeVar("T")


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
    debut = perf_counter()
    operation()
    return perf_counter() - debut


def comparer(
    operation: Callable[[], T],
    reference: Callable[[], object],
    repetitions: int,
    preparation: Callable[[], object] | None = None,
    controle: Callable[[T], object] | None = None,
) -> tuple[Serie, Serie]:
    """Mesure l'opération et sa référence en alternance ; `preparation` précède chaque opération, hors chrono.
    `controle` vérifie ce que rend chaque opération, hors chrono aussi : le chrono s'arrête à la réponse reçue, comme
    pour la référence ; le client qui lit ensuite la réponse en JSON pour la vérifier ne compte pas son propre travail
    dans le temps du serveur (lire en JSON le résumé de 200 communes et ses 136 conflits : 0,04 ms, le vingtième de
    `/sante/`).

    Un premier tour non compté chauffe les caches (connexions, gabarits compilés, modules importés).
    """

    def mesurer() -> float:
        if preparation:
            preparation()
        debut = perf_counter()
        resultat = operation()
        duree = perf_counter() - debut
        if controle:
            controle(resultat)
        return duree

    mesurer()
    reference()
    durees, references = [], []
    for _ in range(repetitions):
        references.append(chronometrer(reference))
        durees.append(mesurer())
    return Serie(tuple(durees)), Serie(tuple(references))


def rapport(serie: Serie, reference: Serie) -> float:
    """Médiane sur médiane : insensible aux quelques mesures troublées par un autre processus."""
    return serie.mediane / reference.mediane if reference.mediane else float("inf")
