"""Ce que partagent les pages des dossiers : la CPTS lue après contrôle des droits."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cpts.comptes.droits import Action, exiger
from cpts.dossiers.models import Cpts


def _cpts(request: HttpRequest, pk: int, action: Action = Action.VOIR) -> Cpts:
    if action == Action.VOIR:
        # Lire, c'est voir : la CPTS et le contrôle en une requête (hors périmètre, introuvable comme absente).
        return get_object_or_404(Cpts.objects.visibles_par(request.user), pk=pk)
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, action, cpts)
    return cpts
