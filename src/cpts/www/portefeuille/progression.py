"""L'avancement d'un grand import du portefeuille (`cpts.portefeuille.arriere_plan`), puis son rapport.

La page montre une barre de progression que htmx rafraîchit chaque seconde (fragment `_progression.html`) ; une fois
l'import fini, elle mène au rapport, le même que pour un petit fichier."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cpts.portefeuille import arriere_plan
from cpts.www.portefeuille.forms import FormulairePortefeuille
from cpts.www.portefeuille.views import CLE_SESSION, _regions


def _etat(request: HttpRequest, jeton: str) -> dict:
    _regions(request)
    etat = arriere_plan.etat(jeton, request.user)
    if etat is None:
        raise Http404("Import introuvable.")
    return etat


@login_required
def progression(request: HttpRequest, jeton: str) -> HttpResponse:
    etat = _etat(request, jeton)
    if etat["fini"]:
        suite = reverse("portefeuille:rapport", kwargs={"jeton": jeton})
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": suite})
        return redirect(suite)
    pour_cent = round(100 * etat["faites"] / etat["total"]) if etat["total"] else 0
    contexte = {"etat": etat, "jeton": jeton, "pour_cent": pour_cent}
    gabarit = "portefeuille/_progression.html" if request.htmx else "portefeuille/progression.html"
    return render(request, gabarit, contexte)


@login_required
def rapport(request: HttpRequest, jeton: str) -> HttpResponse:
    etat = _etat(request, jeton)
    if not etat["fini"]:
        return redirect("portefeuille:progression", jeton=jeton)
    if "erreur" in etat:
        regions = _regions(request)
        formulaire = FormulairePortefeuille(regions=regions)
        formulaire.add_error(None, f"Fichier refusé, rien n'a été écrit. {etat['erreur']}")
        return render(request, "portefeuille/import.html", {"formulaire": formulaire, "regions": regions})
    rapport_ = arriere_plan.rapport_de(etat)
    if rapport_.ecrit:
        request.session.pop(CLE_SESSION, None)
    return render(request, "portefeuille/rapport.html", {"rapport": rapport_, "region": etat["region"]})
