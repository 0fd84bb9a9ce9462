"""Le registre à l'écran : noms des départements et régions lus au référentiel, tri choisi, pages (DSFR)."""

from django.core.paginator import Page
from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from django.http import HttpRequest

from cpts.dossiers.models import Cpts
from cpts.preparees import ElementsJson, LecturePreparee, Parametre
from cpts.territoires.models import Departement, Region
from cpts.www import pagination

PAR_PAGE = 50
# Le tri demandé (paramètre `tri`) : son libellé et ses colonnes ; le nom départage toujours.
TRIS = {
    "nom": ("Nom (A → Z)", ["nom"]),
    "-nom": ("Nom (Z → A)", ["-nom"]),
    "departement": ("Département", ["departement", "nom"]),
    "-etape_depuis": ("Changement d'étape le plus récent", ["-etape_depuis", "nom"]),
}


def avec_lieux(queryset: QuerySet[Cpts]) -> QuerySet[Cpts]:
    """Chaque CPTS avec le nom de son département principal et de sa région (« Rhône », pas « 69 »)."""
    return queryset.annotate(
        nom_departement=Subquery(Departement.objects.filter(code=OuterRef("departement")).values("nom")[:1]),
        nom_region=Subquery(Region.objects.filter(code=OuterRef("region")).values("nom")[:1]),
    )


def trier(queryset: QuerySet[Cpts], tri: str) -> QuerySet[Cpts]:
    return queryset.order_by(*TRIS.get(tri, TRIS["nom"])[1], "pk")


def paginer(request: HttpRequest, queryset: QuerySet[Cpts]) -> Page:
    return pagination.paginer(request, queryset, PAR_PAGE)


def choix_departements() -> list[tuple[str, str]]:
    return [(code, f"{nom} ({code})") for code, nom in Departement.objects.order_by("code").values_list("code", "nom")]


def choix_regions() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("nom").values_list("code", "nom"))


# Lues à chaque fiche : préparées (`cpts.preparees`).
_DEPARTEMENTS = LecturePreparee(
    lambda: Departement.objects.filter(code__in=ElementsJson(Parametre("codes", JSONField()))).values_list(
        "code", "nom"
    )
)
_REGION = LecturePreparee(
    lambda: Region.objects.filter(code=Parametre("code", Region._meta.get_field("code"))).values_list("nom")[:1]
)


def lieux(cpts: Cpts) -> dict[str, object]:
    """Les départements (« Rhône (69) ») et la région d'une fiche, nommés par le référentiel (le code sinon)."""
    noms = dict(_DEPARTEMENTS.lignes(codes=list(cpts.departements)))
    region = _REGION.premiere(code=cpts.region)
    return {
        "departements": [f"{noms[code]} ({code})" if code in noms else code for code in cpts.departements],
        "region": (region[0] if region else None) or cpts.region,
    }
