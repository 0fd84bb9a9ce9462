"""Le registre des CPTS : liste filtrée et triée, export, inscription d'un nouveau projet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cpts.comptes.droits import Action, portee
from cpts.dossiers import ecriture
from cpts.dossiers.exports import colonnes, registre, selection
from cpts.dossiers.models import Cpts
from cpts.www import refus
from cpts.www.dossiers import registre_ecran
from cpts.www.dossiers.forms import FormulaireCpts, FormulaireFiltres
from cpts.www.exports import exporter


def _filtrer(request: HttpRequest) -> tuple[FormulaireFiltres, QuerySet[Cpts]]:
    filtres = FormulaireFiltres(request.GET or None)
    valeurs = filtres.cleaned_data if filtres.is_bound and filtres.is_valid() else {}
    queryset = selection(
        Cpts.objects.visibles_par(request.user),
        etape=valeurs.get("etape", ""),
        departement=valeurs.get("departement", ""),
        echeance=valeurs.get("echeance", ""),
    )
    if valeurs.get("region"):
        queryset = queryset.filter(region=valeurs["region"])
    return filtres, registre_ecran.trier(queryset, valeurs.get("tri", ""))


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    filtres, queryset = _filtrer(request)
    page = registre_ecran.paginer(request, registre_ecran.avec_lieux(queryset))
    sans_page = request.GET.copy()
    sans_page.pop("page", None)
    contexte = {
        "liste_cpts": page.object_list,
        "page_cpts": page,
        "filtres": filtres,
        "filtres_actifs": filtres.actifs,
        "parametres": sans_page.urlencode(),
        "peut_creer": portee(request.user, Action.INSTRUIRE) is not None,
    }
    if request.htmx:
        return render(request, "dossiers/tableau.html", contexte)
    return render(request, "dossiers/liste.html", contexte)


@login_required
def export(request: HttpRequest, format: str) -> HttpResponse:
    _, queryset = _filtrer(request)
    dossiers = registre(request.user, queryset)
    nom = f"dossiers-cpts-{timezone.localdate():%Y-%m-%d}"
    reponse = exporter(format, nom, colonnes(dossiers), dossiers)
    if reponse is None:
        raise Http404("Format d'export inconnu.")
    return reponse


@login_required
def creer(request: HttpRequest) -> HttpResponse:
    """Un agent inscrit un nouveau projet de CPTS de son périmètre au registre."""
    if portee(request.user, Action.INSTRUIRE) is None:
        raise PermissionDenied("Seul un agent ARS ou CPAM inscrit un projet de CPTS au registre.")
    formulaire = FormulaireCpts(request.POST or None)
    statut = 200
    if request.method == "POST" and formulaire.is_valid():
        try:
            cpts = ecriture.enregistrer_fiche(formulaire.instance, request.user, revision=None)
        except ValidationError as erreur:
            refus.rattacher(formulaire, erreur)
            statut = 422
        else:
            messages.success(request, f"La CPTS {cpts} est inscrite au registre.")
            return redirect("dossiers:detail", cpts.pk)
    return render(request, "dossiers/formulaire_cpts.html", {"formulaire": formulaire, "cpts": None}, status=statut)
