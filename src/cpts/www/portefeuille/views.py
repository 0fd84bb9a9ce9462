"""Import du portefeuille par un agent : le fichier, l'essai et son rapport, puis la confirmation ; modèle et export.

Le fichier essayé est gardé dans la session de l'agent jusqu'à sa confirmation : la confirmation refait l'import
sur ce même fichier (empreinte vérifiée), réellement cette fois, et montre son propre rapport. Un grand fichier
(`PORTEFEUILLE_ARRIERE_PLAN_OCTETS`) est traité en arrière-plan, avec une barre de progression (`progression`)."""

import base64
import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cpts import exports
from cpts.dossiers.models import Cpts
from cpts.portefeuille import arriere_plan, export
from cpts.portefeuille.importation import importer
from cpts.portefeuille.lecture import FichierRefuse
from cpts.portefeuille.perimetre import regions_permises
from cpts.www.portefeuille.forms import FormulairePortefeuille

CLE_SESSION = "portefeuille_essai"
TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": exports.TYPE_XLSX}


def _regions(request: HttpRequest) -> list[str]:
    regions = regions_permises(request.user)
    if not regions:
        raise PermissionDenied("Seul un agent ARS ou CPAM importe ou exporte le portefeuille de CPTS de sa région.")
    return regions


@login_required
def accueil(request: HttpRequest) -> HttpResponse:
    regions = _regions(request)
    formulaire = FormulairePortefeuille(request.POST or None, request.FILES or None, regions=regions)
    if request.method == "POST" and formulaire.is_valid():
        fichier = formulaire.cleaned_data["fichier"]
        region = formulaire.cleaned_data["region"]
        contenu = fichier.read()
        essai = {
            "nom": fichier.name,
            "region": region,
            "contenu": base64.b64encode(contenu).decode("ascii"),
            "empreinte": hashlib.sha256(contenu).hexdigest(),
        }
        if len(contenu) > settings.PORTEFEUILLE_ARRIERE_PLAN_OCTETS:
            request.session[CLE_SESSION] = essai
            jeton = arriere_plan.lancer(fichier.name, contenu, region, request.user, essai=True)
            return redirect("portefeuille:progression", jeton=jeton)
        try:
            rapport = importer(fichier.name, contenu, region, request.user, essai=True)
        except FichierRefuse as erreur:
            formulaire.add_error("fichier", f"Fichier refusé, rien n'a été écrit. {erreur}")
        else:
            request.session[CLE_SESSION] = essai
            return render(request, "portefeuille/rapport.html", {"rapport": rapport, "region": region})
    return render(request, "portefeuille/import.html", {"formulaire": formulaire, "regions": regions})


@login_required
@require_POST
def confirmer(request: HttpRequest) -> HttpResponse:
    regions = _regions(request)
    essai = request.session.get(CLE_SESSION)
    if not essai or essai.get("empreinte") != request.POST.get("empreinte") or essai["region"] not in regions:
        formulaire = FormulairePortefeuille(regions=regions)
        contexte = {"formulaire": formulaire, "regions": regions, "perime": True}
        return render(request, "portefeuille/import.html", contexte)
    contenu = base64.b64decode(essai["contenu"])
    if len(contenu) > settings.PORTEFEUILLE_ARRIERE_PLAN_OCTETS:
        jeton = arriere_plan.lancer(essai["nom"], contenu, essai["region"], request.user, essai=False)
        return redirect("portefeuille:progression", jeton=jeton)
    try:
        rapport = importer(essai["nom"], contenu, essai["region"], request.user)
    except FichierRefuse:  # le fichier avait passé l'essai : il ne change pas entre-temps
        raise Http404("Essai introuvable.") from None
    if rapport.ecrit:
        del request.session[CLE_SESSION]
    return render(request, "portefeuille/rapport.html", {"rapport": rapport, "region": essai["region"]})


def _fichier(contenu: bytes, nom: str, format_: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type=TYPES[format_])
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.{format_}"'
    return reponse


@login_required
def modele(request: HttpRequest, format: str) -> HttpResponse:
    _regions(request)
    if format not in TYPES:
        raise Http404("Format inconnu.")
    return _fichier(export.modele(format), "modele-portefeuille-cpts", format)


@login_required
def exporter(request: HttpRequest, format: str) -> HttpResponse:
    regions = _regions(request)
    region = request.GET.get("region") or regions[0]
    if format not in TYPES or region not in regions:
        raise Http404("Format ou région inconnus.")
    contenu = export.contenu(region, format, Cpts.objects.visibles_par(request.user))
    return _fichier(contenu, f"portefeuille-cpts-{region}", format)
