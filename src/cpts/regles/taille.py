"""Taille de la communauté d'après la population couverte (ACI, « 4 tailles de CPTS »)."""

from collections.abc import Mapping
from datetime import date

from cpts.regles.erreurs import EntreeInvalide
from cpts.regles.parametres import referentiel


def taille(population: int | None, le: date | None = None) -> int:
    """Taille 1 sous 40 000 habitants, 2 sous 80 000, 3 sous 175 000, 4 au-delà.

    Sans date, les seuils les plus récents : le résultat ne dépend pas du jour où l'on calcule.
    """
    if population is None:
        raise EntreeInvalide("population manquante : la taille se déduit de la population couverte")
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise EntreeInvalide(f"population invalide « {population} » : nombre entier d'habitants ≥ 0 attendu")
    textes = referentiel()
    if le is None:
        return taille_selon(population, textes.bareme(textes.financiers[-1].code).seuils(date.max))
    return taille_selon(population, textes.bareme_au(le).seuils(le))


def taille_selon(population: int, seuils: Mapping[int, int]) -> int:
    """`seuils` donne la population minimale de chaque taille à partir de la taille 2."""
    resultat = 1
    for rang, minimum in sorted(seuils.items()):
        if population >= minimum:
            resultat = rang
    return resultat
