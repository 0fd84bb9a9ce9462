from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cpts.commission.a_faire import scrutins_a_voter
from cpts.comptes.droits import role_de
from cpts.comptes.roles import ROLES_AGENT, Role
from cpts.dossiers import a_faire
from cpts.dossiers.models import Cpts
from cpts.pilotage import presentation
from cpts.pilotage.perimetre import region_de
from cpts.territoires.models import Region
from cpts.www.dossiers.registre_ecran import avec_lieux
from cpts.www.pilotage.tableau_de_bord import (
    FORMATS,
    DateInvalide,
    contexte_tableau_de_bord,
    date_demandee,
    refuser_date,
)

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
    if role == Role.LECTEUR_NATIONAL:
        return _accueil_national(request)
    # Le tableau de bord régional accueille l'agent d'une région ; l'agent d'un département (CPAM) arrive sur les CPTS
    # de son périmètre, à son échelle.
    code = region_de(request.user) if role in ROLES_AGENT and request.user.region else None
    region = Region.objects.filter(code=code).first() if code else None
    if region:
        # L'accueil d'un agent est le tableau de bord de sa région (quand le référentiel est chargé).
        try:
            contexte = contexte_tableau_de_bord(request, region, TITRES[role])
        except DateInvalide as erreur:
            return refuser_date(request, erreur)
        contexte["a_faire"] = a_faire.demandes(request.user)
        return render(request, "pilotage/tableau_de_bord.html", contexte)
    contexte = {
        "titre": TITRES[role],
        "role": role,
        "cpts_visibles": avec_lieux(Cpts.objects.visibles_par(request.user).order_by("nom", "pk")),
        "a_faire": a_faire.demandes(request.user),
        "scrutins_a_voter": scrutins_a_voter(request.user) if role == Role.MEMBRE_CPR else [],
    }
    return render(request, "www/accueil.html", contexte)


def _accueil_national(request: HttpRequest) -> HttpResponse:
    """Le lecteur national arrive sur les tableaux de la France entière, à la date demandée."""
    try:
        date = date_demandee(request)
    except DateInvalide as erreur:
        return refuser_date(request, erreur)
    contexte = {
        "titre": TITRES[Role.LECTEUR_NATIONAL],
        "date": date,
        "tableaux": [presentation.TABLEAUX[code](None, date) for code in ("etat-des-lieux", "couverture-regions")],
        "formats": FORMATS,
    }
    return render(request, "www/accueil_national.html", contexte)


@require_GET
def sante(request: HttpRequest) -> HttpResponse:
    """Sonde de disponibilité pour l'exploitation (et requête de référence du banc d'essai) : ni base ni gabarit."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
