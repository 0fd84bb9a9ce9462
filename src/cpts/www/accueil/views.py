from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cpts.comptes.droits import role_de
from cpts.comptes.roles import Role
from cpts.dossiers.models import Cpts

TITRES = {
    Role.AGENT_ARS: "Espace agent ARS",
    Role.AGENT_CPAM: "Espace agent CPAM",
    Role.COORDINATEUR: "Mes CPTS",
    Role.MEMBRE_CPR: "Espace membre de la commission paritaire régionale",
    Role.LECTEUR_NATIONAL: "Déploiement national des CPTS",
    Role.ADMINISTRATEUR: "Administration de la plateforme",
}


def accueil(request: HttpRequest) -> HttpResponse:
    role = role_de(request.user)
    if role is None:
        return render(request, "www/accueil_public.html")
    contexte = {
        "titre": TITRES[role],
        "role": role,
        "cpts_visibles": Cpts.objects.visibles_par(request.user),
    }
    return render(request, "www/accueil.html", contexte)
