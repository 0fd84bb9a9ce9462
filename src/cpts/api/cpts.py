from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from cpts.api.concurrence import Revision
from cpts.api.pagination import Pagination
from cpts.comptes.droits import Action, exiger
from cpts.dossiers.models import Cpts

router = Router(tags=["CPTS"])


class CptsSortie(Schema):
    id: int
    revision: Revision
    nom: str
    departement: str
    region: str
    etape: str


class FiltresCptsEntree(FilterSchema):
    region: str | None = None
    departement: str | None = None
    etape: str | None = None


@router.get("/cpts", response=list[CptsSortie], summary="Les CPTS de votre périmètre")
@paginate(Pagination)
def lister(request: HttpRequest, filtres: Query[FiltresCptsEntree]) -> object:
    """Les CPTS que vous voyez, filtrées par région, département ou étape, par pages de 50 (200 au plus)."""
    return filtres.filter(Cpts.objects.visibles_par(request.user).order_by("nom", "pk"))


@router.get("/cpts/{cpts_id}", response=CptsSortie, summary="Une CPTS")
def lire(request: HttpRequest, cpts_id: int) -> Cpts:
    """Une CPTS de votre périmètre : nom, département, région, étape, et la révision à renvoyer pour écrire."""
    cpts = get_object_or_404(Cpts, pk=cpts_id)
    exiger(request.user, Action.VOIR, cpts)
    return cpts
