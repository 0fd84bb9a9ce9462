"""Relevé de décisions d'une réunion (page et PDF) et recherche dans les décisions publiées."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cpts.commission.enums import EtatReunion
from cpts.commission.services import compositions, releves
from cpts.www.commission.releve import releve_pdf
from cpts.www.commission.views.communs import _reunion


def _contexte_releve(request: HttpRequest, pk: int) -> dict[str, object]:
    reunion = _reunion(request, pk)
    reunion = releves.reunion_complete(reunion.pk)
    presidence = compositions.presidence(reunion.commission, reunion.date.year)
    return {
        "commission": reunion.commission,
        "reunion": reunion,
        "points": list(reunion.points.all()),
        "presidence": presidence,
        "publie": reunion.etat == EtatReunion.RELEVE_PUBLIE,
    }


@login_required
def releve(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "commission/releve.html", _contexte_releve(request, pk))


@login_required
def releve_en_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contexte = _contexte_releve(request, pk)
    reunion = contexte["reunion"]
    reponse = HttpResponse(releve_pdf(contexte), content_type="application/pdf")
    nom = f"releve-cpr-{reunion.commission.region}-{reunion.date:%Y-%m-%d}.pdf"
    reponse["Content-Disposition"] = f'inline; filename="{nom}"'
    return reponse


@login_required
def decisions(request: HttpRequest) -> HttpResponse:
    recherche = request.GET.get("q", "").strip()
    points = releves.decisions_visibles(request.user, recherche)
    return render(request, "commission/decisions.html", {"points": points[:200], "recherche": recherche})
