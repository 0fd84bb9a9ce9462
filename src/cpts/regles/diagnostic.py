"""Agréger les indicateurs d'un diagnostic territorial, et les masquer sous le secret statistique.

Python pur. Quatre natures d'indicateur, quatre façons de passer des communes au territoire :

- un **effectif** (nombre de patients, de professionnels) se somme ;
- un **taux** se recalcule : somme des numérateurs sur somme des dénominateurs, jamais une moyenne de taux ;
- une **moyenne** (âge moyen, durée moyenne de séjour) se pondère par son poids (le nombre de patients, de séjours) ;
- une **médiane** ne s'agrège pas : elle ne se lit qu'au niveau où la source l'a publiée.

Secret statistique : une valeur fondée sur moins de `seuil` personnes (1 à seuil − 1 ; zéro ne dit rien de
personne) est masquée. Pour une composition libre de communes, un agrégat qui contient une seule valeur masquée est
masqué en entier : sinon la différence de deux compositions qui ne diffèrent que par cette commune la révélerait.
Ainsi, tout ce qui s'affiche ne dépend que de valeurs non masquées. Une valeur publiée à un niveau plus large
(département, région, France) est masquée à son tour quand, retranchées les valeurs affichées qu'elle contient, il
reste un « résidu » sous le seuil (masquage complémentaire).
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# Le seuil d'usage de l'Assurance Maladie : pas de chiffre fondé sur moins de 11 patients.
SEUIL_SECRET = 11


class Nature(StrEnum):
    EFFECTIF = "effectif"
    TAUX = "taux"
    MOYENNE = "moyenne"
    MEDIANE = "mediane"


class Masque(StrEnum):
    SECRET = "secret"  # fondé sur moins de `seuil` personnes
    COMPLEMENTAIRE = "complementaire"  # révélerait une valeur masquée par différence
    INCOMPLET = "incomplet"  # une commune du territoire n'a pas de valeur
    NON_AGREGEABLE = "non_agregeable"  # médiane, ou taux sans numérateur, moyenne sans poids


@dataclass(frozen=True)
class Cellule:
    """Une valeur à un niveau : `valeur` (effectif, taux en fraction, moyenne, médiane) et ce qui la fonde."""

    valeur: Decimal | None = None
    numerateur: Decimal | None = None
    denominateur: Decimal | None = None
    poids: Decimal | None = None


@dataclass(frozen=True)
class Agregat:
    cellule: Cellule
    masque: Masque | None = None

    @property
    def valeur(self) -> Decimal | None:
        return None if self.masque else self.cellule.valeur


def _sous_le_seuil(nombre: Decimal | None, seuil: int) -> bool:
    return nombre is not None and 0 < nombre < seuil


def comptes(nature: Nature, cellule: Cellule) -> tuple[Decimal | None, ...]:
    """Les nombres de personnes sur lesquels la valeur se fonde : ceux que le secret regarde."""
    if nature == Nature.EFFECTIF:
        return (cellule.valeur,)
    if nature == Nature.TAUX:
        return (cellule.numerateur, cellule.denominateur)
    return (cellule.poids,)


def secrete(nature: Nature, cellule: Cellule, seuil: int = SEUIL_SECRET) -> bool:
    return any(_sous_le_seuil(nombre, seuil) for nombre in comptes(nature, cellule))


def agregeable(nature: Nature, cellule: Cellule) -> bool:
    if nature == Nature.EFFECTIF:
        return cellule.valeur is not None
    if nature == Nature.TAUX:
        return cellule.numerateur is not None and cellule.denominateur is not None
    if nature == Nature.MOYENNE:
        return cellule.valeur is not None and cellule.poids is not None
    return False


def taux(numerateur: Decimal, denominateur: Decimal) -> Decimal | None:
    return numerateur / denominateur if denominateur else None


def combiner(nature: Nature, cellules: Sequence[Cellule]) -> Cellule:
    """La cellule du territoire fait de ces cellules, toutes agrégeables (sans rien masquer)."""
    if nature == Nature.EFFECTIF:
        return Cellule(valeur=sum((c.valeur or Decimal(0) for c in cellules), Decimal(0)))
    if nature == Nature.TAUX:
        numerateur = sum((c.numerateur or Decimal(0) for c in cellules), Decimal(0))
        denominateur = sum((c.denominateur or Decimal(0) for c in cellules), Decimal(0))
        return Cellule(taux(numerateur, denominateur), numerateur, denominateur)
    poids = sum((c.poids or Decimal(0) for c in cellules), Decimal(0))
    produit = sum(((c.valeur or Decimal(0)) * (c.poids or Decimal(0)) for c in cellules), Decimal(0))
    return Cellule(valeur=produit / poids if poids else None, poids=poids)


def agreger(nature: Nature, cellules: Sequence[Cellule | None], seuil: int = SEUIL_SECRET) -> Agregat:
    """L'agrégat d'une composition : `None` pour une commune sans valeur (agrégat incomplet)."""
    if len(cellules) == 1 and cellules[0] is not None:
        cellule = cellules[0]
        return Agregat(cellule, Masque.SECRET if secrete(nature, cellule, seuil) else None)
    presentes = [c for c in cellules if c is not None]
    if len(presentes) < len(cellules) or not presentes:
        return Agregat(Cellule(), Masque.INCOMPLET)
    if not all(agregeable(nature, c) for c in presentes):
        return Agregat(Cellule(), Masque.NON_AGREGEABLE)
    if any(secrete(nature, c, seuil) for c in presentes):
        # Ni la somme ni ses comptes ne sortent : seul ce qui ne dépend d'aucune valeur masquée s'affiche.
        return Agregat(Cellule(), Masque.SECRET)
    total = combiner(nature, presentes)
    return Agregat(total, Masque.SECRET if secrete(nature, total, seuil) else None)


def residu(nature: Nature, total: Cellule, affichees: Iterable[Cellule]) -> tuple[Decimal | None, ...]:
    """Ce qu'un lecteur déduit d'une valeur publiée en retranchant les valeurs affichées qu'elle contient."""
    affichees = list(affichees)
    retranche = combiner(nature, affichees) if affichees else Cellule(Decimal(0), Decimal(0), Decimal(0), Decimal(0))
    restes = []
    for publie, connu in zip(comptes(nature, total), comptes(nature, retranche), strict=True):
        restes.append(None if publie is None else publie - (connu or Decimal(0)))
    return tuple(restes)


def masque_complementaire(
    nature: Nature, total: Cellule, affichees: Iterable[Cellule], seuil: int = SEUIL_SECRET
) -> bool:
    """Vrai si la valeur publiée, moins les valeurs affichées qu'elle contient, laisse un reste sous le seuil."""
    return any(_sous_le_seuil(reste, seuil) for reste in residu(nature, total, affichees))


@dataclass(frozen=True)
class Distribution:
    """Les valeurs des CPTS d'un département : médiane, minimum, maximum."""

    mediane: Decimal
    minimum: Decimal
    maximum: Decimal
    nombre: int


def distribution(valeurs: Iterable[Decimal]) -> Distribution | None:
    triees = sorted(valeurs)
    if not triees:
        return None
    return Distribution(Decimal(statistics.median(triees)), triees[0], triees[-1], len(triees))
