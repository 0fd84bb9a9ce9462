"""Graphiques en SVG calculés côté serveur : lisibles sans JavaScript ni Internet, sans style en ligne (CSP).

Une série porte une teinte (`bleu`, `vert`, une étape de projet…), pas une couleur : la feuille de style donne à
chaque teinte sa couleur en thème clair et en thème sombre (`cpts.css`, `--cpts-teinte-*`)."""

from dataclasses import dataclass
from decimal import Decimal

LARGEUR, HAUTEUR = 720, 260
MARGE_GAUCHE, MARGE_BAS, MARGE_HAUT = 48, 36, 12


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    largeur: float
    hauteur: float
    teinte: str
    libelle: str


@dataclass(frozen=True)
class Graduation:
    y: float
    texte: str


@dataclass(frozen=True)
class Etiquette:
    x: float
    texte: str


@dataclass(frozen=True)
class Graphique:
    identifiant: str
    titre: str
    description: str
    segments: list[Segment]
    graduations: list[Graduation]
    etiquettes: list[Etiquette]
    legende: list[tuple[str, str]]
    largeur: int = LARGEUR
    hauteur: int = HAUTEUR
    base: int = HAUTEUR - MARGE_BAS
    gauche: int = MARGE_GAUCHE


def barres_empilees(
    identifiant: str,
    titre: str,
    description: str,
    categories: list[str],
    series: list[tuple[str, str, list[int | Decimal]]],
) -> Graphique:
    """`series` : (libellé, teinte, une valeur par catégorie), empilées dans l'ordre donné."""
    totaux = [sum(serie[2][i] for serie in series) for i in range(len(categories))]
    maximum = _arrondi_superieur(max(totaux, default=0) or 1)
    hauteur_utile = HAUTEUR - MARGE_BAS - MARGE_HAUT
    pas = (LARGEUR - MARGE_GAUCHE) / max(len(categories), 1)
    segments, etiquettes = [], []
    for i, categorie in enumerate(categories):
        x = MARGE_GAUCHE + i * pas + pas * 0.15
        cumul = 0.0
        for libelle, teinte, valeurs in series:
            hauteur = float(valeurs[i]) / float(maximum) * hauteur_utile
            if hauteur > 0:
                y = HAUTEUR - MARGE_BAS - cumul - hauteur
                segments.append(Segment(x, y, pas * 0.7, hauteur, teinte, f"{categorie} — {libelle} : {valeurs[i]}"))
                cumul += hauteur
        if len(categories) <= 12 or i % max(len(categories) // 12, 1) == 0:
            etiquettes.append(Etiquette(x + pas * 0.35, categorie))
    graduations = [Graduation(HAUTEUR - MARGE_BAS - hauteur_utile * k / 4, _compact(maximum * k / 4)) for k in range(5)]
    legende = [(libelle, teinte) for libelle, teinte, _ in series]
    return Graphique(identifiant, titre, description, segments, graduations, etiquettes, legende)


def _arrondi_superieur(valeur: float | Decimal) -> float:
    """Un maximum d'axe lisible : 1, 2, 2,5 ou 5 fois une puissance de dix."""
    puissance = 1.0
    while puissance * 10 <= float(valeur):
        puissance *= 10
    for facteur in (1, 2, 2.5, 5, 10):
        if puissance * facteur >= float(valeur):
            return puissance * facteur
    return puissance * 10


def _compact(valeur: float) -> str:
    if valeur >= 1_000_000:
        return f"{valeur / 1_000_000:.1f} M".replace(".", ",").replace(",0 ", " ")
    if valeur >= 1_000:
        return f"{valeur / 1_000:.0f} k"
    return f"{valeur:.0f}"
