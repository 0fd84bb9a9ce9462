"""Les pages obligatoires d'un service public en ligne, liées depuis le pied de chaque page.

Loi n° 2004-575 du 21 juin 2004 (mentions légales, article 6), loi n° 2005-102 du 11 février 2005 (article 47,
déclaration d'accessibilité), règlement (UE) 2016/679 (information des personnes sur leurs données).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def accessibilite(request: HttpRequest) -> HttpResponse:
    return render(request, "informations/accessibilite.html", {"exploitant": settings.CPTS_EXPLOITANT})


@require_GET
def mentions_legales(request: HttpRequest) -> HttpResponse:
    return render(request, "informations/mentions_legales.html", {"exploitant": settings.CPTS_EXPLOITANT})


@require_GET
def donnees_personnelles(request: HttpRequest) -> HttpResponse:
    return render(request, "informations/donnees_personnelles.html", {"exploitant": settings.CPTS_EXPLOITANT})
