"""Les couches GeoJSON des cartes, dessinées depuis nos propres contours (aucun fond de carte externe)."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from cpts.territoires.composition import Resume, unites_occupees
from cpts.territoires.geometrie import contour_territoire, decoder_multipolygone, geometrie_geojson
from cpts.territoires.memoire import Memoire, memoire
from cpts.territoires.models import Commune, Territoire, UniteTerritoire

# Environ 100 m : assez fin pour reconnaître une commune, assez léger pour un département entier.
TOLERANCE_COMMUNES = 0.001
TOLERANCE_DEPARTEMENT = 0.003


def _entite(geometrie: Any, proprietes: dict[str, Any], tolerance: float) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometrie_geojson(geometrie, tolerance), "properties": proprietes}


def collection(entites: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(entites)}


def contour_departement(code: str, memo: Memoire) -> dict[str, Any]:
    """Le contour d'un département : l'union de ses communes, gardée sous la version du référentiel (un import des
    communes, dans un autre processus, peut le changer)."""
    gardee = memo.departements.get(code)
    if gardee is None:
        contours = (
            decoder_multipolygone(c)
            for c in Commune.objects.filter(departement_id=code, active=True, type="commune")
            .exclude(contour="")
            .values_list("contour", flat=True)
        )
        proprietes = {"couche": "departement", "code": code}
        gardee = memo.departements[code] = _entite(contour_territoire(contours), proprietes, TOLERANCE_DEPARTEMENT)
    return gardee


def carte_composition(resume: Resume, date: datetime.date, cpts_id: int | None) -> dict[str, Any]:
    """Communes choisies, conflits en évidence, autres CPTS en couleur neutre, départements en fond."""
    choisies = {unite.code for unite in resume.unites}
    en_conflit = {conflit.commune for conflit in resume.conflits}
    # Sous la version du référentiel que le résumé a lue : la carte et le résumé parlent des mêmes communes.
    entites = [contour_departement(code, resume.memo) for code in resume.departements]
    # Le résumé ne charge pas les contours (le compositeur n'en a pas besoin à chaque clic) : la carte les lit.
    contours = dict(Commune.objects.filter(code__in=choisies).exclude(contour="").values_list("code", "contour"))
    for unite in resume.unites:
        if unite.code in contours:
            couche = "conflit" if unite.code in en_conflit else "choisie"
            proprietes = {"couche": couche, "code": unite.code, "nom": unite.nom}
            entites.append(_entite(decoder_multipolygone(contours[unite.code]), proprietes, TOLERANCE_COMMUNES))
    autres = (
        unites_occupees(date)
        .filter(commune__departement_id__in=resume.departements)
        .exclude(commune_id__in=choisies)
        .values_list(
            "commune__code", "commune__nom", "commune__contour", "territoire__cpts__nom", "territoire__cpts_id"
        )
    )
    for code, nom, contour, cpts_nom, autre_id in autres:
        if contour and autre_id != cpts_id:
            proprietes = {"couche": "autre_cpts", "code": code, "nom": nom, "cpts": cpts_nom}
            entites.append(_entite(decoder_multipolygone(contour), proprietes, TOLERANCE_COMMUNES))
    return collection(entites)


def entite_commune(commune: Commune) -> dict[str, Any]:
    proprietes = {"code": commune.code, "nom": commune.nom, "population": commune.population}
    geometrie = decoder_multipolygone(commune.contour) if commune.contour else None
    if geometrie is None:
        return {"type": "Feature", "geometry": None, "properties": proprietes}
    return _entite(geometrie, proprietes, TOLERANCE_COMMUNES)


def entite_territoire(territoire: Territoire, tolerance: float = TOLERANCE_COMMUNES) -> dict[str, Any]:
    """Un territoire pour l'open data : contour, nom de la CPTS, étape, population, codes INSEE."""
    return entites_territoires([territoire], tolerance)[0]


def entites_territoires(
    territoires: Sequence[Territoire], tolerance: float = TOLERANCE_COMMUNES
) -> list[dict[str, Any]]:
    """`entite_territoire` de chaque territoire : leurs communes lues d'une requête, leurs contours gardés sous la
    version du référentiel (seul un import change celui d'une commune)."""
    codes: dict[int, list[str]] = {territoire.pk: [] for territoire in territoires}
    unites = UniteTerritoire.objects.filter(territoire_id__in=list(codes)).order_by("commune_id")
    for territoire_id, code in unites.values_list("territoire_id", "commune_id"):
        codes[territoire_id].append(code)
    memo = memoire()
    entites = []
    for territoire in territoires:
        proprietes = {
            "couche": "cpts",
            "cpts": territoire.cpts.nom,
            "etape": territoire.cpts.etape,
            "etape_libelle": territoire.cpts.get_etape_display(),
            "population": territoire.population,
            "debut": territoire.debut.isoformat(),
            "communes": codes[territoire.pk],
        }
        geometrie = _geometrie_territoire(tuple(codes[territoire.pk]), tolerance, memo)
        entites.append({"type": "Feature", "geometry": geometrie, "properties": proprietes})
    return entites


def _geometrie_territoire(codes: tuple[str, ...], tolerance: float, memo: Memoire) -> dict[str, Any]:
    gardee = memo.territoires.get((codes, tolerance))
    if gardee is None:
        contours = Commune.objects.filter(code__in=codes).exclude(contour="").values_list("contour", flat=True)
        gardee = geometrie_geojson(contour_territoire(map(decoder_multipolygone, contours)), tolerance)
        memo.territoires[codes, tolerance] = gardee
    return gardee


def carte_region(territoires: Sequence[Territoire], departements: Iterable[str]) -> dict[str, Any]:
    memo = memoire()
    entites = [contour_departement(code, memo) for code in departements]
    entites += entites_territoires(territoires, TOLERANCE_DEPARTEMENT)
    return collection(entites)
