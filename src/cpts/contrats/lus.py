"""Le contrat et la CPTS d'une ligne des listes (alertes, versements à venir, leurs exports et leur API), lus en
colonnes à la fin de chaque ligne de la requête plutôt qu'instanciés par l'ORM."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

CONTRAT_LU = (
    "contrat_id",
    "contrat__signature",
    "contrat__cpts_id",
    "contrat__cpts__nom",
    "contrat__cpts__departement",
)
"""Ce que les listes, leurs exports et l'API montrent d'un contrat : seules ces colonnes sont lues, en fin de chaque
ligne (un contrat et une CPTS entiers par ligne coûtaient plus que la requête)."""


@dataclass(frozen=True, slots=True)
class CptsLue:
    id: int
    nom: str
    departement: str

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True, slots=True)
class ContratLu:
    """Un contrat tel que le montrent les listes (`CONTRAT_LU`) : lu en colonnes, sans objet de l'ORM par ligne (trois
    modèles instanciés pour chacune des 50 lignes d'une page coûtaient autant que sa requête)."""

    id: int
    signature: date
    cpts: CptsLue

    @property
    def pk(self) -> int:
        return self.id


def lecteur_de_contrats() -> Callable[[Sequence[Any]], ContratLu]:
    """Lit le contrat des dernières colonnes d'une ligne (`CONTRAT_LU`) ; les lignes d'un même contrat le partagent."""
    lus: dict[int, ContratLu] = {}

    def lire(colonnes: Sequence[Any]) -> ContratLu:
        contrat_id, signature, cpts_id, nom, departement = colonnes[-len(CONTRAT_LU) :]
        contrat = lus.get(contrat_id)
        if contrat is None:
            contrat = lus[contrat_id] = ContratLu(contrat_id, signature, CptsLue(cpts_id, nom, departement))
        return contrat

    return lire
