"""Nombres et montants à la française : « 50 000 € », « 12,5 % », « 1 234 567 »."""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

ESPACE_MILLIERS = "\u202f"  # espace fine insécable, séparateur des milliers
ESPACE_UNITE = "\u00a0"  # espace insécable avant l'unité


def nombre(valeur: int | Decimal, decimales: int = 0) -> str:
    # Un tableau national en écrit des centaines : les entiers sans passer par Decimal, le séparateur des milliers
    # par le format de Python.
    if decimales == 0 and type(valeur) is int:
        return f"{valeur:,}".replace(",", ESPACE_MILLIERS)
    arrondi = Decimal(valeur).quantize(_quantum(decimales), rounding=ROUND_HALF_UP)
    if arrondi.is_zero():
        arrondi = arrondi.copy_abs()  # « 0 », jamais « -0 »
    return f"{arrondi:,f}".replace(",", ESPACE_MILLIERS).replace(".", ",")


@cache
def _quantum(decimales: int) -> Decimal:
    return Decimal(1).scaleb(-decimales)


def montant(valeur: int | Decimal, centimes: bool = False) -> str:
    """« 50 000 € » ; avec centimes : « 50 000,00 € »."""
    return f"{nombre(valeur, 2 if centimes else 0)}{ESPACE_UNITE}€"


def pourcentage(valeur: int | Decimal, decimales: int = 1) -> str:
    """Une part (0,125) en pourcentage : « 12,5 % »."""
    return f"{nombre(Decimal(valeur) * 100, decimales)}{ESPACE_UNITE}%"


def tableau(entetes: list[str], lignes: list[list[str]], a_droite: set[int] | frozenset[int] = frozenset()) -> str:
    """Un tableau texte aligné pour la console ; les colonnes `a_droite` (nombres, montants) s'alignent à droite."""
    largeurs = [max(len(ligne[i]) for ligne in [entetes, *lignes]) for i in range(len(entetes))]

    def rendre(ligne: list[str]) -> str:
        cellules = [
            cellule.rjust(largeurs[i]) if i in a_droite else cellule.ljust(largeurs[i])
            for i, cellule in enumerate(ligne)
        ]
        return "  ".join(cellules).rstrip()

    separation = "  ".join("-" * largeur for largeur in largeurs)
    return "\n".join([rendre(entetes), separation, *(rendre(ligne) for ligne in lignes)])


def avertissements(phrases: Sequence[str]) -> str:
    """Les avertissements d'un calcul, après un tableau de console : un paragraphe chacun."""
    return "".join(f"\n\nAvertissement : {phrase}" for phrase in phrases)
