"""Ce que partagent les pages de la commission : la commission et la réunion lues après contrôle des droits,
les droits affichés.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cpts.commission.models import Commission, Reunion
from cpts.comptes.droits import Action, autorise, exiger


def _commission(request: HttpRequest, region: str, action: Action = Action.VOIR) -> Commission:
    commission = get_object_or_404(Commission, region=region)
    exiger(request.user, action, commission)
    return commission


def _droits(utilisateur: object, commission: Commission) -> dict[str, bool]:
    return {
        "secretariat": autorise(utilisateur, Action.SECRETARIAT_CPR, commission),
        "voir_votes": autorise(utilisateur, Action.VOIR_VOTES_CPR, commission),
        "voter": autorise(utilisateur, Action.VOTER_CPR, commission),
    }


def _reunion(request: HttpRequest, pk: int, action: Action = Action.VOIR) -> Reunion:
    reunion = get_object_or_404(Reunion.objects.select_related("commission"), pk=pk)
    exiger(request.user, action, reunion.commission)
    return reunion
