"""Le résumé d'un territoire en cours de composition : population, taille, conflits, enclaves, contiguïté.

Calculé à chaque ajout ou retrait d'une commune : quelques requêtes indexées et un calcul géométrique
sur les seuls contours du territoire.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from shapely.geometry import MultiPolygon, Polygon

from cpts.dossiers.enums import ETAPES_FERMEES
from cpts.regles.taille import taille as taille_cpts
from cpts.territoires.geometrie import analyser_contiguite, contour_territoire, decoder_multipolygone
from cpts.territoires.models import Commune, UniteTerritoire

# En dessous, le territoire est jugé peu pertinent (seed 001, annexe 3 : « au moins 15 000 habitants »).
POPULATION_CONSEILLEE = 15_000


@dataclass(frozen=True)
class Conflit:
    commune: str
    nom_commune: str
    cpts: str
    cpts_id: int


@dataclass(frozen=True)
class Enclave:
    code: str
    nom: str


@dataclass(frozen=True)
class Resume:
    unites: list[Commune]
    population: int
    taille: int | None
    departements: list[str]
    regions: list[str]
    conflits: list[Conflit]
    enclaves: list[Enclave]
    contigu: bool
    sans_contour: list[str]
    inconnues: list[str]
    chevauchements: list[str]

    @property
    def communes(self) -> int:
        return len(self.unites)

    @property
    def sous_le_seuil_conseille(self) -> bool:
        return 0 < self.population < POPULATION_CONSEILLEE

    @property
    def enregistrable(self) -> bool:
        return bool(self.unites) and not self.inconnues and not self.chevauchements


def territoire_valide_le(date: datetime.date) -> Q:
    """Une unité d'un territoire en vigueur à la date."""
    return Q(territoire__debut__lte=date) & (Q(territoire__fin__isnull=True) | Q(territoire__fin__gt=date))


def territoires_en_cours(date: datetime.date) -> Q:
    """Les territoires valides à une date, des CPTS ni abandonnées ni fusionnées."""
    return territoire_valide_le(date) & ~Q(territoire__cpts__etape__in=ETAPES_FERMEES)


def unites_occupees(date: datetime.date) -> QuerySet[UniteTerritoire]:
    return UniteTerritoire.objects.filter(territoires_en_cours(date))


def resumer(codes: Iterable[str], date: datetime.date | None = None, cpts_id: int | None = None) -> Resume:
    date = date or timezone.localdate()
    demandes = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    unites = list(
        Commune.objects.filter(code__in=demandes, active=True).only(
            "code", "nom", "population", "departement_id", "region_id", "type", "commune_parent_id", "contour"
        )
    )
    connues = {unite.code for unite in unites}
    population = sum(unite.population for unite in unites)
    contours = {unite.code: decoder_multipolygone(unite.contour) if unite.contour else None for unite in unites}
    contiguite = analyser_contiguite(contours)
    return Resume(
        unites=sorted(unites, key=lambda unite: unite.nom),
        population=population,
        taille=taille_cpts(population) if unites else None,
        departements=sorted({unite.departement_id for unite in unites}),
        regions=sorted({unite.region_id for unite in unites}),
        conflits=_conflits(unites, date, cpts_id),
        enclaves=_enclaves(contours, connues, date),
        contigu=contiguite.contigu,
        sans_contour=sorted(contiguite.sans_contour),
        inconnues=[code for code in demandes if code not in connues],
        chevauchements=_chevauchements(unites),
    )


def _chevauchements(unites: list[Commune]) -> list[str]:
    """Une commune à arrondissements et l'un de ses arrondissements ne vont jamais ensemble."""
    codes = {unite.code for unite in unites}
    return sorted(
        f"{unite.nom} ({unite.code}) est un arrondissement d'une commune déjà choisie ({unite.commune_parent_id})"
        for unite in unites
        if unite.commune_parent_id in codes
    )


def _conflits(unites: list[Commune], date: datetime.date, cpts_id: int | None) -> list[Conflit]:
    # Une commune entre en conflit avec elle-même, avec sa commune parente et avec ses arrondissements.
    parents = {unite.commune_parent_id: unite for unite in unites if unite.commune_parent_id}
    par_code = {unite.code: unite for unite in unites}
    # Les arrondissements des communes choisies d'abord, puis un filtre sur l'index des unités : un « ou » sur la
    # commune jointe obligeait la base à parcourir toutes les unités de toutes les CPTS.
    arrondissements = Commune.objects.filter(commune_parent_id__in=list(par_code)).values_list("code", flat=True)
    occupees = unites_occupees(date).filter(commune_id__in=[*par_code, *parents, *arrondissements])
    if cpts_id is not None:
        occupees = occupees.exclude(territoire__cpts_id=cpts_id)
    conflits = set()
    for code, parent, cpts_nom, autre_cpts_id in occupees.values_list(
        "commune_id", "commune__commune_parent_id", "territoire__cpts__nom", "territoire__cpts_id"
    ):
        unite = par_code.get(code) or par_code.get(parent) or parents[code]
        conflits.add(Conflit(unite.code, unite.nom, cpts_nom, autre_cpts_id))
    return sorted(conflits, key=lambda conflit: (conflit.commune, conflit.cpts))


def _enclaves(contours: dict[str, object], choisies: set[str], date: datetime.date) -> list[Enclave]:
    """Les communes d'aucune CPTS entièrement entourées par le territoire (dans un de ses trous).

    Une seule requête pour tous les trous : un territoire de 200 communes en a souvent plusieurs (dont des
    interstices minuscules entre contours), et une requête par trou coûtait plus que tout le reste du résumé.
    """
    trous = [Polygon(anneau) for partie in contour_territoire(contours.values()).geoms for anneau in partie.interiors]
    if not trous:
        return []
    # L'emprise de tous les trous d'abord : une plage sur l'index (lon_min, lat_min) plutôt qu'un parcours complet.
    lon_min, lat_min, lon_max, lat_max = MultiPolygon(trous).bounds
    dans_un_trou = Q(lon_min__gte=lon_min, lat_min__gte=lat_min, lon_max__lte=lon_max, lat_max__lte=lat_max)
    un_des_trous = Q()
    for trou in trous:
        lon_min, lat_min, lon_max, lat_max = trou.bounds
        un_des_trous |= Q(lon_min__gte=lon_min, lat_min__gte=lat_min, lon_max__lte=lon_max, lat_max__lte=lat_max)
    candidates = (
        Commune.objects.filter(dans_un_trou, un_des_trous, active=True)
        .exclude(code__in=choisies)
        .exclude(code__in=unites_occupees(date).values("commune_id"))
        .exclude(commune_parent_id__in=choisies)
        .only("code", "nom", "contour")
    )
    enclaves = [
        Enclave(commune.code, commune.nom)
        for commune in candidates
        if commune.contour
        and any(trou.contains(decoder_multipolygone(commune.contour).representative_point()) for trou in trous)
    ]
    return sorted(enclaves, key=lambda enclave: enclave.nom)
