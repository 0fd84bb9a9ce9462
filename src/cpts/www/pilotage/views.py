from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from cpts import exports
from cpts.pilotage import presentation
from cpts.pilotage.perimetre import region_de
from cpts.territoires.models import Region
from cpts.www.exports import exporter
from cpts.www.pilotage.tableau_de_bord import (
    FORMATS,
    DateInvalide,
    contexte_tableau_de_bord,
    date_demandee,
    refuser_date,
)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    region = region_de(request.user)
    if region:
        return redirect("pilotage:region", code=region)
    regions = Region.objects.order_by("nom")
    try:
        date = date_demandee(request)
    except DateInvalide as erreur:
        return refuser_date(request, erreur)
    return render(request, "pilotage/index.html", {"regions": regions, "date": date})


@login_required
@require_GET
def tableau_de_bord(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    try:
        contexte = contexte_tableau_de_bord(request, region, f"Pilotage des CPTS — {region.nom}")
    except DateInvalide as erreur:
        return refuser_date(request, erreur)
    return render(request, "pilotage/tableau_de_bord.html", contexte)


@login_required
@require_GET
def tableau(request: HttpRequest, code: str) -> HttpResponse:
    if code not in presentation.TABLEAUX:
        raise Http404("Tableau inconnu.")
    region = request.GET.get("region") or None
    if region and not Region.objects.filter(code=region).exists():
        raise Http404("Région inconnue.")
    try:
        date = date_demandee(request)
    except DateInvalide as erreur:
        return refuser_date(request, erreur)
    rendu = presentation.TABLEAUX[code](region, date)
    format_ = request.GET.get("format")
    nom = f"{code}-{region or 'france'}-{date.isoformat()}"
    reponse = exporter(format_, nom, rendu.colonnes_export(), rendu.lignes_export())
    if reponse is not None:
        return reponse
    if format_ == "pdf":
        return exports.reponse_pdf(nom, rendu.titre, rendu.colonnes_export(), rendu.lignes_export(), rendu.notes)
    contexte = {"tableau": rendu, "region": region, "date": date, "formats": FORMATS}
    return render(request, "pilotage/tableau.html", contexte)
