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


@dataclass(frozen=True)
class Sommes:
    """Ce qu'il faut savoir des cellules d'une composition pour l'agréger, sans les cellules elles-mêmes : combien
    sont là, secrètes, agrégeables, et leurs sommes. Une requête groupée de la base les rend telles quelles (le profil
    d'un territoire de 200 communes ne lit pas ses 10 000 valeurs une à une)."""

    presentes: int
    secretes: int
    agregeables: int
    total: Cellule  # sommes des valeurs, numérateurs, dénominateurs et poids
    produit: Decimal | None = None  # somme des valeur × poids (moyennes)


def _somme(nombres: Iterable[Decimal | None]) -> Decimal | None:
    presents = [n for n in nombres if n is not None]
    return sum(presents, Decimal(0)) if presents else None


def sommer(nature: Nature, cellules: Sequence[Cellule | None], seuil: int = SEUIL_SECRET) -> Sommes:
    presentes = [c for c in cellules if c is not None]
    return Sommes(
        presentes=len(presentes),
        secretes=sum(1 for c in presentes if secrete(nature, c, seuil)),
        agregeables=sum(1 for c in presentes if agregeable(nature, c)),
        total=Cellule(
            _somme(c.valeur for c in presentes),
            _somme(c.numerateur for c in presentes),
            _somme(c.denominateur for c in presentes),
            _somme(c.poids for c in presentes),
        ),
        produit=_somme(c.valeur * c.poids for c in presentes if c.valeur is not None and c.poids is not None),
    )


def _combiner_sommes(nature: Nature, sommes: Sommes) -> Cellule:
    total, zero = sommes.total, Decimal(0)
    if nature == Nature.EFFECTIF:
        return Cellule(valeur=total.valeur or zero)
    if nature == Nature.TAUX:
        numerateur, denominateur = total.numerateur or zero, total.denominateur or zero
        return Cellule(taux(numerateur, denominateur), numerateur, denominateur)
    poids = total.poids or zero
    return Cellule(valeur=(sommes.produit or zero) / poids if poids else None, poids=poids)


def combiner(nature: Nature, cellules: Sequence[Cellule]) -> Cellule:
    """La cellule du territoire fait de ces cellules, toutes agrégeables (sans rien masquer)."""
    return _combiner_sommes(nature, sommer(nature, cellules))


def agreger_sommes(nature: Nature, sommes: Sommes, attendues: int, seuil: int = SEUIL_SECRET) -> Agregat:
    """L'agrégat d'une composition de `attendues` communes, de ses sommes."""
    if attendues == 1 and sommes.presentes == 1:
        return Agregat(sommes.total, Masque.SECRET if sommes.secretes else None)
    if sommes.presentes < attendues or not sommes.presentes:
        return Agregat(Cellule(), Masque.INCOMPLET)
    if sommes.agregeables < sommes.presentes:
        return Agregat(Cellule(), Masque.NON_AGREGEABLE)
    if sommes.secretes:
        # Ni la somme ni ses comptes ne sortent : seul ce qui ne dépend d'aucune valeur masquée s'affiche.
        return Agregat(Cellule(), Masque.SECRET)
    total = _combiner_sommes(nature, sommes)
    return Agregat(total, Masque.SECRET if secrete(nature, total, seuil) else None)


def agreger(nature: Nature, cellules: Sequence[Cellule | None], seuil: int = SEUIL_SECRET) -> Agregat:
    """L'agrégat d'une composition : `None` pour une commune sans valeur (agrégat incomplet)."""
    return agreger_sommes(nature, sommer(nature, cellules, seuil), len(cellules), seuil)


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
