"""Paramètres datés de la commission paritaire régionale, lus de `parametres/commission/commission.yaml`."""

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from cpts.regles.lecture import ParametreFonde, charger_fondes

FICHIER_PARAMETRES = Path(__file__).parent.parent / "parametres" / "commission" / "commission.yaml"


FONDEMENTS = ("texte", "interpretation", "analogie")


class ParametreAbsent(LookupError):
    """Le paramètre n'a pas de valeur à la date demandée (avant sa première date, ou après sa fin)."""


class Parametre(ParametreFonde):
    __slots__ = ()

    @property
    def par_analogie(self) -> bool:
        return self.fondement == "analogie"

    def au(self, le: date) -> Any:
        valeur = self.en_vigueur(le)
        if valeur is None:
            premiere = self.valeurs[0].depuis.strftime("%d/%m/%Y")
            raise ParametreAbsent(
                f"{self.description} : pas de valeur au {le:%d/%m/%Y} (connue à partir du {premiere})"
            )
        return valeur.valeur


def charger(chemin: Path) -> dict[str, Parametre]:
    """Lit le fichier et rend les paramètres par clé pointée (`reunions.delai_convocation_jours`) ; la valeur d'un
    paramètre de la commission est libre."""
    return charger_fondes(chemin, Parametre, FONDEMENTS, lambda _lecteur, valeur, _cle: valeur)


@cache
def parametres() -> Mapping[str, Parametre]:
    """Les paramètres livrés avec l'application, lus une fois."""
    return charger(FICHIER_PARAMETRES)


def parametre(cle: str) -> Parametre:
    return parametres()[cle]


def valeur(cle: str, le: date) -> Any:
    return parametre(cle).au(le)
