"""Taux d'atteinte des indicateurs et des missions, en Decimal, de 0 à 1.

La règle (le guide ARS [ars-aura-guide] parle de « progression » vers l'objectif ; l'ACI ne donne pas de formule) :
- avec une valeur de référence R et une cible C différente : la part du chemin parcouru, (V − R) / (C − R),
  ramenée entre 0 et 1 ; la formule vaut pour un indicateur croissant comme décroissant ;
- cible égale à la référence (maintenir le niveau) : 1 si la valeur est du bon côté de la cible, 0 sinon ;
- sans référence : V / C pour un indicateur croissant, C / V pour un décroissant, ramené entre 0 et 1.

L'atteinte d'une mission est la moyenne de ses indicateurs de résultat (poids > 0) pondérée par leur poids,
plafonnée à 1. Il faut une cible et une valeur à chacun : sinon l'atteinte n'est pas calculable.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cpts.contrats.enums import Sens

ZERO, UN = Decimal(0), Decimal(1)
PRECISION = Decimal("0.0001")


def borne(taux: Decimal) -> Decimal:
    return min(UN, max(ZERO, taux))


def arrondi(taux: Decimal) -> Decimal:
    return taux.quantize(PRECISION, rounding=ROUND_HALF_UP)


def atteinte_indicateur(
    sens: str, reference: Decimal | None, cible: Decimal | None, valeur: Decimal | None
) -> Decimal | None:
    """L'atteinte d'un indicateur une année, ou None s'il manque la cible ou la valeur."""
    if cible is None or valeur is None:
        return None
    croissant = sens == Sens.CROISSANT
    if reference is not None and reference != cible:
        return arrondi(borne((valeur - reference) / (cible - reference)))
    if reference is not None:
        return UN if (valeur >= cible if croissant else valeur <= cible) else ZERO
    if croissant:
        if cible <= 0:
            return UN if valeur >= cible else ZERO
        return arrondi(borne(valeur / cible))
    if valeur <= 0:
        return UN
    return arrondi(borne(cible / valeur))


@dataclass(frozen=True)
class Mesure:
    """Un indicateur de résultat une année : son poids et son atteinte (None : cible ou valeur manquante)."""

    libelle: str
    poids: Decimal
    atteinte: Decimal | None


@dataclass(frozen=True)
class AtteinteMission:
    taux: Decimal | None
    manquants: tuple[str, ...]
    """Les indicateurs de résultat sans cible ou sans valeur cette année."""
    sans_indicateur: bool = False

    @property
    def calculable(self) -> bool:
        return self.taux is not None


def atteinte_mission(mesures: Iterable[Mesure]) -> AtteinteMission:
    retenues = [mesure for mesure in mesures if mesure.poids > 0]
    if not retenues:
        return AtteinteMission(None, (), sans_indicateur=True)
    manquants = tuple(mesure.libelle for mesure in retenues if mesure.atteinte is None)
    if manquants:
        return AtteinteMission(None, manquants)
    total = sum((mesure.poids for mesure in retenues), ZERO)
    pondere = sum((mesure.poids * mesure.atteinte for mesure in retenues if mesure.atteinte is not None), ZERO)
    return AtteinteMission(arrondi(min(UN, pondere / total)), ())
