"""Les indicateurs tirés du référentiel des communes, sans fichier : population, superficie, densité, nombre de
communes et d'EPCI, part de la population vivant dans une commune de moins de 2 000 habitants.

La superficie se calcule du contour de chaque commune (coordonnées en degrés) : chaque commune est projetée à plat
autour de sa propre latitude, ce qui suffit à l'échelle d'une commune ; le résultat est gardé (`Surface`), calculé à
l'import des communes pour toutes, refait pour celles dont un import change le contour : le département, la région et
la France ont ainsi leur superficie et leur densité dès le premier profil.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from shapely.geometry import MultiPolygon

from cpts.diagnostic.models import Surface
from cpts.territoires.geometrie import decoder_multipolygone
from cpts.territoires.models import Commune, Departement, Region

PETITE_COMMUNE = 2_000  # habitants : le seuil usuel des communes rurales de l'Insee
KM_PAR_DEGRE_LATITUDE = 110.574
KM_PAR_DEGRE_LONGITUDE_EQUATEUR = 111.320
# Des codes par requête de suppression : un import qui change tous les contours en donne 35 000, au-delà du nombre de
# paramètres d'une requête SQLite.
TAILLE_LOT_SURFACES = 1_000
THEME = "Population et territoire"
# Les lignes du thème : code → (libellé, unité).
LIGNES = {
    "population": ("Population municipale", "habitants"),
    "superficie": ("Superficie", "km²"),
    "densite": ("Densité de population", "hab./km²"),
    "communes": ("Communes", "communes"),
    "epci": ("EPCI (intercommunalités)", "EPCI"),
    "part_petites_communes": (f"Part de la population dans les communes de moins de {PETITE_COMMUNE} habitants", "%"),
}


def km2(contour: str) -> Decimal | None:
    return aire_en_km2(decoder_multipolygone(contour)) if contour else None


def aire_en_km2(forme: MultiPolygon) -> Decimal | None:
    if forme.is_empty:
        return None
    km_par_degre_longitude = KM_PAR_DEGRE_LONGITUDE_EQUATEUR * math.cos(math.radians(forme.centroid.y))
    # Étirer la forme par ces deux facteurs multiplie son aire par leur produit : l'aire en degrés carrés suffit, sans
    # copier ses coordonnées étirées (huit fois plus long sur les 35 000 communes, pour la même aire au dix-millième).
    return Decimal(forme.area * km_par_degre_longitude * KM_PAR_DEGRE_LATITUDE).quantize(Decimal("0.0001"))


def calculer_surfaces(codes: Iterable[str]) -> None:
    """Calcule et garde la superficie des communes qui n'en ont pas encore."""
    _calculer_surfaces(Commune.objects.filter(code__in=list(codes)), {})


def _calculer_surfaces(communes: QuerySet[Commune], decodes: Mapping[str, tuple[str, MultiPolygon]]) -> bool:
    """Vrai si une superficie manquait."""
    manquantes = communes.filter(surface__isnull=True).exclude(contour="")
    nouvelles = []
    for code, contour in manquantes.values_list("code", "contour").iterator(chunk_size=500):
        # Le contour déjà décodé par l'import, s'il est bien celui de la commune (une commune disparue garde le sien).
        encode, forme = decodes.get(code, ("", None))
        aire = aire_en_km2(forme) if forme is not None and encode == contour else km2(contour)
        if aire is not None:
            nouvelles.append(Surface(commune_id=code, km2=aire))
    Surface.objects.bulk_create(nouvelles, batch_size=1000, ignore_conflicts=True)
    return bool(nouvelles)


def refaire_les_surfaces(decodes: Mapping[str, tuple[str, MultiPolygon]], contours_changes: Sequence[str]) -> bool:
    """Dans la transaction d'un import du référentiel : la superficie des communes dont il a changé le contour est
    refaite, celle des communes qui n'en ont pas encore est calculée ; vrai si une superficie a été écrite. `decodes` :
    code → contour encodé et décodé, ceux que l'import vient de lire (`cpts.territoires.importation.Contours`)."""
    for debut in range(0, len(contours_changes), TAILLE_LOT_SURFACES):
        Surface.objects.filter(commune_id__in=contours_changes[debut : debut + TAILLE_LOT_SURFACES]).delete()
    return _calculer_surfaces(Commune.objects.all(), decodes)


@dataclass(frozen=True)
class Chiffres:
    population: int
    superficie: Decimal | None
    communes: int
    epci: int
    population_petites_communes: int

    @property
    def densite(self) -> Decimal | None:
        return Decimal(self.population) / self.superficie if self.superficie else None

    @property
    def part_petites_communes(self) -> Decimal | None:
        return Decimal(self.population_petites_communes) / self.population if self.population else None

    def valeur(self, code: str) -> Decimal | None:
        brute = getattr(self, code)
        return None if brute is None else Decimal(brute)


def chiffres(communes: QuerySet[Commune], surface_complete: bool = True) -> Chiffres:
    """Les chiffres d'un ensemble de communes, en une requête ; la superficie seulement si chaque commune a la
    sienne (sinon elle serait sous-estimée)."""
    totaux = communes.aggregate(
        habitants=Sum("population"),
        nombre=Count("code"),
        intercommunalites=Count("epci", distinct=True),
        petites=Sum("population", filter=Q(population__lt=PETITE_COMMUNE)),
        superficie=Sum("surface__km2"),
        sans_surface=Count("code", filter=Q(surface__isnull=True)),
    )
    superficie = totaux["superficie"] if surface_complete and not totaux["sans_surface"] else None
    return Chiffres(
        population=totaux["habitants"] or 0,
        superficie=superficie,
        communes=totaux["nombre"],
        epci=totaux["intercommunalites"],
        population_petites_communes=totaux["petites"] or 0,
    )


@dataclass(frozen=True)
class CommuneLue:
    """Ce que les chiffres d'un territoire lisent d'une de ses communes."""

    code: str
    departement: str
    region: str
    population: int
    epci: str | None
    km2: Decimal | None


def chiffres_des_communes(communes: Sequence[CommuneLue]) -> Chiffres:
    """Les mêmes chiffres que `chiffres`, de communes déjà lues (le profil les lit une fois pour tout)."""
    surfaces = [commune.km2 for commune in communes if commune.km2 is not None]
    return Chiffres(
        population=sum(commune.population for commune in communes),
        superficie=sum(surfaces, Decimal(0)) if surfaces and len(surfaces) == len(communes) else None,
        communes=len(communes),
        epci=len({commune.epci for commune in communes if commune.epci is not None}),
        population_petites_communes=sum(c.population for c in communes if c.population < PETITE_COMMUNE),
    )


def lire_communes(codes: Iterable[str]) -> list[CommuneLue]:
    """Les communes actives parmi `codes`, avec leur superficie (calculée de leur contour à la première lecture)."""
    codes = list(codes)

    def lire() -> list[CommuneLue]:
        lignes = Commune.objects.filter(code__in=codes, active=True).values_list(
            "code", "departement_id", "region_id", "population", "epci_id", "surface__km2"
        )
        return [CommuneLue(*ligne) for ligne in lignes]

    communes = lire()
    sans_surface = [commune.code for commune in communes if commune.km2 is None]
    if sans_surface:
        calculer_surfaces(sans_surface)
        communes = lire()
    return communes


def communes_de(niveau: str, code: str) -> QuerySet[Commune]:
    """Les communes (pas les arrondissements, comptés avec leur commune) d'un département, d'une région, de la
    France."""
    communes = Commune.objects.filter(active=True, type="commune")
    if niveau == "departement":
        return communes.filter(departement_id=code)
    if niveau == "region":
        return communes.filter(region_id=code)
    return communes


def nom_de(niveau: str, code: str) -> str:
    if niveau == "departement":
        return str(Departement.objects.filter(code=code).values_list("nom", flat=True).first() or code)
    if niveau == "region":
        return str(Region.objects.filter(code=code).values_list("nom", flat=True).first() or code)
    return "France"
