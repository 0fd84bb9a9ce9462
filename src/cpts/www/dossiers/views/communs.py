"""Ce que partagent les pages des dossiers : la CPTS lue après contrôle des droits."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cpts.comptes.droits import MESSAGE_INTROUVABLE, Action, Portee, exiger, portee, voit_toute_la_region
from cpts.dossiers.models import Cpts
from cpts.preparees import LecturePreparee, Parametre

# Les deux conditions de `visibles_par` les plus fréquentes (tout voir ; voir toute sa région), préparées : la lecture
# de la CPTS ouvre chacune de ses pages.
_CPTS = LecturePreparee(lambda: Cpts.objects.filter(pk=Parametre("pk", Cpts._meta.pk)).order_by())  # type: ignore[arg-type]
_CPTS_DE_LA_REGION = LecturePreparee(
    lambda: Cpts.objects.filter(
        pk=Parametre("pk", Cpts._meta.pk),  # type: ignore[arg-type]
        region=Parametre("region", Cpts._meta.get_field("region")),
    ).order_by()
)


def _visible(utilisateur: Any, pk: int) -> Cpts:
    """La CPTS, si l'utilisateur la voit (hors périmètre, introuvable comme absente) : une requête."""
    portee_ = portee(utilisateur, Action.VOIR)
    if portee_ == Portee.TOUT:
        lues = _CPTS.objets(pk=pk)
    elif voit_toute_la_region(utilisateur, utilisateur.region):
        lues = _CPTS_DE_LA_REGION.objets(pk=pk, region=utilisateur.region)
    else:
        return get_object_or_404(Cpts.objects.visibles_par(utilisateur), pk=pk)
    if not lues:
        raise Http404(MESSAGE_INTROUVABLE)
    return lues[0]


def _cpts(request: HttpRequest, pk: int, action: Action = Action.VOIR) -> Cpts:
    if action == Action.VOIR:
        # Lire, c'est voir : la CPTS et le contrôle en une requête.
        return _visible(request.user, pk)
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, action, cpts)
    return cpts
