"""Suivi de l'import confirmé : la page se recharge (htmx) tant que le travailleur n'a pas fini, puis montre le
rapport ligne par ligne. Seul l'agent qui a lancé l'import le voit : pour tout autre, le travail est introuvable."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cpts.portefeuille.travaux import GENRE
from cpts.travaux import avancement, services
from cpts.travaux.models import StatutTravail, Travail
from cpts.www.portefeuille.views import CLE_SESSION


@login_required
def suivi(request: HttpRequest, pk: int) -> HttpResponse:
    travail = services.suivre(get_object_or_404(Travail, pk=pk, genre=GENRE, demandeur=request.user))
    rapport = travail.resultat if travail.statut == StatutTravail.TERMINE else None
    essai = request.session.get(CLE_SESSION) or {}
    if rapport and rapport["ecrit"] and essai.get("empreinte") == travail.parametres["empreinte"]:
        # L'essai confirmé a servi : il ne se confirme plus.
        del request.session[CLE_SESSION]
    faites, total = avancement.lire(travail.pk) or (0, 0)
    contexte = {
        "travail": travail,
        "rapport": rapport,
        "region": travail.parametres["region"],
        "faites": faites,
        "total": total,
        "pour_cent": faites * 100 // total if total else 0,
    }
    if request.headers.get("HX-Request"):
        if travail.fini:
            # Fini : la page entière se recharge, avec le rapport.
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "portefeuille/_suivi.html", contexte)
    return render(request, "portefeuille/suivi.html", contexte)
