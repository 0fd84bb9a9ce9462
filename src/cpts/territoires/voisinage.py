"""Le graphe des communes voisines, calculé une fois à l'import du référentiel (fonctions pures).

Le compositeur résume le territoire à chaque clic : unir 200 contours pour y chercher des trous, ou
indexer leurs contours pour la contiguïté, coûtait l'essentiel du résumé. Les contours étant figés, leurs
relations le sont aussi : on les calcule à l'import (quelques secondes pour la France entière), et la
contiguïté et les enclaves deviennent des parcours de graphe sans aucun contour décodé.

Voisines : contours qui se touchent par une frontière
ou un point. En bordure : une partie du contour n'est partagée avec aucune autre unité (côte, frontière
nationale, île) ; une commune d'un trou du territoire n'en est jamais une.
"""

from collections import deque
from collections.abc import Callable, Collection, Mapping, Set
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
    (ou inconnue) : un groupe qui en atteint une, ou qui touche le bord de la France, n'est pas un trou.

    Les voisines des couvertes (les départs) sont lues d'un coup. Celles qui sont dehors (hors de l'emprise, au bord de
    la France) le disent à leurs voisines parmi les départs, de proche en proche : une unité non couverte qui touche
    l'extérieur en fait partie. Le tour du territoire est ainsi classé sans parcours ; des autres départs part un
    parcours par couches (une lecture par couche, des seules unités pas encore lues), qui s'arrête dès qu'il sort, et
    dont les unités vues arrêtent à leur tour les parcours suivants qui les touchent. Seules les unités des trous et
    des poches de l'extérieur que le tour ne rejoint pas sont parcourues : le premier parcours traversait tout
    l'extérieur jusqu'au bord de l'emprise (plus de la moitié des unités lues pour 200 communes).
    """
    vus: set[str] = set(couvertes)
    lus: dict[str, Voisinage | None] = dict(lire(couvertes))
    departs = {v for voisinage in lus.values() if voisinage for v in voisinage.voisines} - vus
    lus.update(lire(departs))
    connus = {code: voisinage for code in departs if (voisinage := lus[code]) is not None}
    # Dehors d'emblée : hors de l'emprise (sans voisinage lu), au bord de la France, ou touchant l'une de celles-là.
    inconnues = departs - connus.keys()
    dehors = inconnues | {code for code, voisinage in connus.items() if voisinage.en_bordure}
    restants = departs - dehors
    dehors |= {code for code in restants if not inconnues.isdisjoint(connus[code].voisines)}
    restants -= dehors
    a_voir = [code for code in dehors if code in connus]
    while a_voir:
        touches = restants.intersection(connus[a_voir.pop()].voisines)
        restants -= touches
        dehors |= touches
        a_voir.extend(touches)
    vus |= dehors
    groupes = []
    for depart in sorted(restants):
        if depart in vus:
            continue
        vus.add(depart)
        groupe, couche, sorti = {depart}, {depart}, False
        while couche and not sorti:
            manquants = [code for code in couche if code not in lus]
            if manquants:
                lus.update(lire(manquants))
            suivante: set[str] = set()
            for code in couche:
                voisinage = lus[code]
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


# Au-delà de ces unités parcourues, la déduction renonce : le calcul entier (`trous`) coûte alors moins.
DEDUCTION_MAX = 64


def trous_apres(avant: Set[str], trous_avant: Set[str], couvertes: Set[str], lire: Lecteur) -> Set[str] | None:
    """Les unités des trous des `couvertes`, déduites de celles des trous (`trous_avant`) d'un ensemble `avant` qui en
    diffère d'une seule unité, lues sous la même emprise ; None quand la déduction ne conclut pas (le calcul entier
    la remplace).

    Un trou est un groupe d'un seul tenant d'unités non couvertes, voisin des couvertes, sans unité hors de l'emprise
    ni au bord de la France (`trous`). Une unité ajoutée ne change que le groupe qui la contenait : coupé en morceaux,
    chacun voisin d'elle ; une unité retirée réunit les groupes qui la touchent. Seuls ces groupes sont relus : le
    compositeur ajoute ou retire une commune à la fois, et le tour du territoire ne change pas.
    """
    ajoutees, retirees = couvertes - avant, avant - couvertes
    if len(ajoutees) + len(retirees) > 1:
        return None
    if not ajoutees and not retirees:
        return trous_avant
    if ajoutees:
        (unite,) = ajoutees
        if unite in trous_avant:
            # Les morceaux du trou qui la contenait restent entourés.
            return trous_avant - {unite}
        return _apres_ajout(unite, trous_avant, couvertes, lire)
    (unite,) = retirees
    return _apres_retrait(unite, trous_avant, couvertes, lire)


def _apres_ajout(unite: str, trous_avant: Set[str], couvertes: Set[str], lire: Lecteur) -> Set[str] | None:
    """`unite`, ajoutée, était dehors : chaque morceau de son groupe qui ne rejoint plus le dehors devient un trou."""
    voisinage = lire([unite])[unite]
    if voisinage is None:
        return None
    vus: set[str] = set()
    dehors: set[str] = set()
    nouveaux: set[str] = set()
    for depart in sorted(voisinage.voisines - couvertes):
        if depart in vus:
            continue
        vus.add(depart)
        groupe, a_voir, sorti = {depart}, deque([depart]), False
        # En largeur : le dehors le plus proche est trouvé d'abord.
        while a_voir:
            code = a_voir.popleft()
            lu = lire([code])[code]
            if lu is None or lu.en_bordure or not dehors.isdisjoint(lu.voisines):
                sorti = True
                break
            nouvelles = lu.voisines - couvertes - vus
            if len(vus) + len(nouvelles) > DEDUCTION_MAX:
                return None
            vus |= nouvelles
            groupe |= nouvelles
            a_voir.extend(nouvelles)
        if sorti:
            dehors |= groupe
        else:
            nouveaux |= groupe
    return trous_avant | nouveaux if nouveaux else trous_avant


def _apres_retrait(unite: str, trous_avant: Set[str], couvertes: Set[str], lire: Lecteur) -> Set[str] | None:
    """`unite`, retirée, réunit les trous qui la touchent : le tout est un trou si elle n'est pas dehors et ne touche
    que des trous (et les couvertes), sinon ces trous rejoignent le dehors."""
    voisinage = lire([unite])[unite]
    if voisinage is None:
        return None
    libres = voisinage.voisines - couvertes
    # Les trous qui la touchent, parcourus dans les seuls trous d'avant.
    reunis, a_voir = {unite}, list(libres & trous_avant)
    reunis.update(a_voir)
    while a_voir:
        code = a_voir.pop()
        trou = lire([code])[code]
        if trou is None:
            return None
        nouvelles = (trou.voisines & trous_avant) - reunis
        reunis |= nouvelles
        a_voir.extend(nouvelles)
    if voisinage.en_bordure or not libres <= trous_avant or not _touche_les_couvertes(reunis, couvertes, lire):
        return trous_avant - reunis
    return trous_avant | {unite}


def _touche_les_couvertes(groupe: Set[str], couvertes: Set[str], lire: Lecteur) -> bool:
    """Le groupe est-il voisin d'une couverte lue dans l'emprise (d'où partent les parcours de `trous`) ?"""
    for voisinage in lire(groupe).values():
        if voisinage is not None and any(lire(voisinage.voisines & couvertes).values()):
            return True
    return False
