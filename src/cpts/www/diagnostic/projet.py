"""Le profil dans le diagnostic du projet de santé : le joindre au brouillon, lire celui figé à chaque dépôt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cpts.comptes.droits import Action, autorise, exiger
from cpts.diagnostic import projet
from cpts.diagnostic.models import ProfilFige, ProfilJoint
from cpts.dossiers.enums import TypeDocument
from cpts.dossiers.models import Cpts, Depot, Document


@login_required
def projet_de_sante(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, Action.VOIR, cpts)
    document = Document.objects.filter(cpts=cpts, type=TypeDocument.PROJET_SANTE).first()
    erreurs: list[str] = []
    if request.method == "POST":
        exiger(request.user, Action.MODIFIER, cpts)
        if document is None:
            erreurs.append("Créez d'abord le brouillon du projet de santé de la CPTS.")
        else:
            try:
                if request.POST.get("action") == "retirer":
                    projet.retirer(document, request.user)
                    messages.success(request, "Le profil n'est plus joint au projet de santé.")
                else:
                    projet.joindre(document, request.POST.getlist("themes"), request.user)
                    messages.success(request, "Profil joint : il sera figé au prochain dépôt du projet de santé.")
            except ValidationError as refus:
                erreurs += refus.messages
            else:
                return redirect(reverse("diagnostic:projet_de_sante", args=[cpts.pk]))
    apercu = projet.profil_de_la_cpts(document, []) if document else None
    joint = ProfilJoint.objects.filter(document=document).first() if document else None
    figes = (
        ProfilFige.objects.filter(depot__document=document).select_related("depot").order_by("-depot__numero")
        if document
        else []
    )
    contexte = {
        "cpts": cpts,
        "document": document,
        "joint": joint,
        "themes": [theme["nom"] for theme in apercu["themes"]] if apercu else [],
        "figes": figes,
        "peut_modifier": autorise(request.user, Action.MODIFIER, cpts),
        "erreurs": erreurs,
    }
    return render(request, "diagnostic/projet_de_sante.html", contexte, status=400 if erreurs else 200)


@login_required
@require_GET
def profil_fige(request: HttpRequest, pk: int, document_pk: int, numero: int) -> HttpResponse:
    """Le profil figé au dépôt d'une version (ou, s'il n'y en a pas, la page le dit)."""
    depot = get_object_or_404(
        Depot.objects.visibles_par(request.user).select_related("document__cpts"),
        document__cpts_id=pk,
        document_id=document_pk,
        numero=numero,
    )
    fige = ProfilFige.objects.filter(depot=depot).first()
    contexte = {"depot": depot, "fige": fige, "profil": fige.contenu if fige else None}
    return render(request, "diagnostic/profil_fige.html", contexte)
