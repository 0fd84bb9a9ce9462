from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cpts.comptes.droits import Action, exiger
from cpts.dossiers.models import Cpts
from cpts.www.historique import versions


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    return render(request, "dossiers/liste.html", {"liste_cpts": Cpts.objects.visibles_par(request.user)})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, Action.VOIR, cpts)
    return render(request, "dossiers/detail.html", {"cpts": cpts, "historique": versions(cpts)})
