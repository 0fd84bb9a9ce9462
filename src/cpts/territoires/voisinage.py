"""Le graphe des communes voisines, calculé une fois à l'import du référentiel (fonctions pures).

Le compositeur résume le territoire à chaque clic : unir 200 contours pour y chercher des trous, ou
indexer leurs contours pour la contiguïté, coûtait l'essentiel du résumé. Les contours étant figés, leurs
relations le sont aussi : on les calcule à l'import (quelques secondes pour la France entière), et la
contiguïté et les enclaves deviennent des parcours de graphe sans aucun contour décodé.

Voisines : contours qui se touchent par une frontière
ou un point. En bordure : une partie du contour n'est partagée avec aucune autre unité (côte, frontière
nationale, île) ; une commune d'un trou du territoire n'en est jamais une.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon
from shapely.strtree import STRtree

from cpts.territoires.geometrie import DECIMALES

SEPARATEUR = " "


@dataclass(frozen=True, slots=True)
class Voisinage:
    voisines: frozenset[str]
    en_bordure: bool


# Le voisinage de chaque unité demandée, None hors de l'emprise étudiée.
Lecteur = Callable[[Collection[str]], Mapping[str, "Voisinage | None"]]


def calculer_voisinages(contours: Mapping[str, MultiPolygon], parents: Mapping[str, str]) -> dict[str, Voisinage]:
    """Voisines et bordure de chaque unité (code -> contour ; `parents` : arrondissement -> commune).

    Une commune à arrondissements recouvre ses arrondissements : elle est voisine d'eux et de leurs voisines,
    et elle est en bordure si l'un d'eux l'est.
    """
    codes = sorted(code for code, contour in contours.items() if not contour.is_empty)
    geometries = np.array([contours[code] for code in codes], dtype=object)
    gauches, droites = STRtree(geometries).query(geometries, predicate="intersects")
    voisines: dict[str, set[str]] = {code: set() for code in codes}
    for i, j in zip(gauches.tolist(), droites.tolist(), strict=True):
        if i != j:
            voisines[codes[i]].add(codes[j])
    a_arrondissements = set(parents.values())
    partition = [i for i, code in enumerate(codes) if code not in a_arrondissements]
    bordure = {codes[i] for i in _en_bordure(geometries[partition], partition)}
    bordure |= {parents[code] for code in bordure if code in parents}
    return {code: Voisinage(frozenset(voisines[code]), code in bordure) for code in codes}


def _en_bordure(geometries: np.ndarray, indices: list[int]) -> set[int]:
    """Les unités dont un segment de contour n'appartient à aucune autre.

    Les unités d'une partition (sans recouvrement) partagent exactement les sommets de leurs frontières
    communes (contours quantifiés sur la même grille, voir `geometrie.quantifier`) : un segment vu une seule
    fois est sur le bord extérieur de l'ensemble. Calcul vectorisé : un million de segments pour la France.
    """
    anneaux, proprietaires = shapely.get_parts(shapely.boundary(geometries), return_index=True)
    points, anneau_du_point = shapely.get_coordinates(anneaux, return_index=True)
    entiers = np.round(points * 10**DECIMALES).astype(np.int64)
    meme_anneau = anneau_du_point[1:] == anneau_du_point[:-1]
    debuts, fins = entiers[:-1][meme_anneau], entiers[1:][meme_anneau]
    # Un segment partagé est parcouru dans un sens par une unité, dans l'autre par sa voisine.
    inverses = (debuts[:, 0] > fins[:, 0]) | ((debuts[:, 0] == fins[:, 0]) & (debuts[:, 1] > fins[:, 1]))
    segments = np.concatenate([np.where(inverses[:, None], fins, debuts), np.where(inverses[:, None], debuts, fins)], 1)
    _, occurrence, nombres = np.unique(segments, axis=0, return_inverse=True, return_counts=True)
    seuls = nombres[occurrence.ravel()] == 1
    unites = np.asarray(indices)[proprietaires[anneau_du_point[:-1][meme_anneau]]]
    return set(unites[seuls].tolist())


def encoder_voisines(voisines: Collection[str]) -> str:
    return SEPARATEUR.join(sorted(voisines))


def decoder_voisines(texte: str) -> frozenset[str]:
    return frozenset(texte.split(SEPARATEUR)) if texte else frozenset()


def trous(couvertes: Collection[str], lire: Lecteur) -> list[set[str]]:
    """Les groupes d'unités d'un seul tenant entièrement entourés par les unités `couvertes`.

    `lire` rend le voisinage de chaque unité demandée, ou None pour une unité hors de l'emprise du territoire
    (ou inconnue) : un groupe qui en atteint une, ou qui touche le bord de la France, n'est pas un trou. Le
    parcours part des voisines des couvertes et avance par couches (une lecture par couche) ; un groupe s'arrête
    dès qu'il sort, et ses unités déjà vues arrêtent à leur tour les parcours suivants qui les touchent : seules
    les unités des trous sont parcourues en entier, pas tout ce qui entoure le territoire.
    """
    vus: set[str] = set(couvertes)
    dehors: set[str] = set()
    departs = {v for voisinage in lire(couvertes).values() if voisinage for v in voisinage.voisines} - vus
    groupes = []
    for depart in sorted(departs):
        if depart in vus:
            continue
        vus.add(depart)
        groupe, couche, sorti = {depart}, {depart}, False
        while couche and not sorti:
            voisinages, suivante = lire(couche), set()
            for code in couche:
                voisinage = voisinages[code]
                if voisinage is None or voisinage.en_bordure or not dehors.isdisjoint(voisinage.voisines):
                    sorti = True
                    break
                nouvelles = voisinage.voisines - vus
                vus |= nouvelles
                groupe |= nouvelles
                suivante |= nouvelles
            couche = suivante
        if sorti:
            dehors |= groupe
        else:
            groupes.append(groupe)
    return groupes
