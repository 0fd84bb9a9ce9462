"""Nombres et montants à la française : « 50 000 € », « 12,5 % », « 1 234 567 »."""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

ESPACE_MILLIERS = "\u202f"  # espace fine insécable, séparateur des milliers
ESPACE_UNITE = "\u00a0"  # espace insécable avant l'unité


def nombre(valeur: int | Decimal, decimales: int = 0) -> str:
    arrondi = Decimal(valeur).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    # Le format de Python groupe les milliers (« 1,234.50 ») ; un zéro négatif s'écrit sans signe.
    texte = f"{abs(arrondi):,f}".replace(",", ESPACE_MILLIERS).replace(".", ",")
    return f"-{texte}" if arrondi < 0 else texte


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
