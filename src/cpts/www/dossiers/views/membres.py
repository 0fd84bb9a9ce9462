"""Les membres d'une CPTS : liste paginée, ajout, modification, retrait, import d'une liste."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, autorise
from cpts.concurrence import ModificationConcurrente
from cpts.dossiers import import_membres, membres
from cpts.dossiers.enums import TypeMembre
from cpts.dossiers.models import Cpts, Membre
from cpts.www import refus
from cpts.www.concurrence import signaler_conflit, suivre_revision
from cpts.www.dossiers.forms import FormulaireImport, FormulaireMembre
from cpts.www.dossiers.views.communs import _cpts

MEMBRES_PAR_PAGE = 100


@login_required
def liste_membres(request: HttpRequest, pk: int) -> HttpResponse:
    return _page_membres(request, _cpts(request, pk))


def _page_membres(
    request: HttpRequest, cpts: Cpts, formulaire_import: FormulaireImport | None = None, statut: int = 200
) -> HttpResponse:
    """La liste ; `formulaire_import` : l'import refusé, réaffiché avec le résumé de ses erreurs."""
    peut_modifier = autorise(request.user, Action.MODIFIER, cpts) and not cpts.fermee
    # Une page à la fois : une liste de milliers de membres ne se charge ni ne s'affiche d'un bloc.
    page = Paginator(cpts.membres.order_by("pk"), MEMBRES_PAR_PAGE).get_page(request.GET.get("page"))
    # La liste des numéros (avec « … ») que le gabarit de pagination de django-dsfr attend.
    page.pages_list = list(page.paginator.get_elided_page_range(page.number))
    doubles = {double.membre.pk: double for double in membres.doubles_appartenances(cpts, page.object_list)}
    for membre_ in page.object_list:
        membre_.double = doubles.get(membre_.pk)
    contexte = {
        "cpts": cpts,
        "membres": page.object_list,
        "page_membres": page,
        "decompte": membres.decompter(cpts),
        "refus_pluriprofessionnalite": membres.refus_pluriprofessionnalite(cpts),
        "voit_autres_cpts": autorise(request.user, Action.INSTRUIRE, cpts),
        "peut_modifier": peut_modifier,
        "formulaire": FormulaireMembre() if peut_modifier else None,
        "formulaire_import": formulaire_import or (FormulaireImport() if peut_modifier else None),
        "types": TypeMembre,
    }
    return render(request, "dossiers/membres.html", contexte, status=statut)


@login_required
def membre(request: HttpRequest, pk: int, membre_pk: int | None = None) -> HttpResponse:
    """Ajouter (sans `membre_pk`) ou modifier un membre."""
    cpts = _cpts(request, pk, Action.MODIFIER)
    instance = get_object_or_404(Membre, pk=membre_pk, cpts=cpts) if membre_pk else Membre(cpts=cpts)
    formulaire = FormulaireMembre(request.POST or None, instance=instance)
    if membre_pk:
        suivre_revision(formulaire, instance)
    statut = 200
    if request.method == "POST" and formulaire.is_valid():
        try:
            revision = formulaire.cleaned_data["revision"] if membre_pk else None
            membres.enregistrer_membre(formulaire.instance, request.user, revision=revision)
        except ModificationConcurrente as conflit:
            signaler_conflit(formulaire, conflit)
            statut = 409
        except ValidationError as erreur:
            refus.rattacher(formulaire, erreur)
            statut = 409
        else:
            messages.success(request, f"Membre enregistré : {formulaire.instance}.")
            return redirect("dossiers:membres", cpts.pk)
    contexte = {"cpts": cpts, "formulaire": formulaire, "membre": instance}
    return render(request, "dossiers/membre.html", contexte, status=statut)


@login_required
@require_POST
def retirer_membre(request: HttpRequest, pk: int, membre_pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    instance = get_object_or_404(Membre, pk=membre_pk, cpts=cpts)
    try:
        membres.retirer_membre(instance, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, f"{instance} ne fait plus partie des membres.")
    return redirect("dossiers:membres", cpts.pk)


@login_required
@require_POST
def importer_membres(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    formulaire = FormulaireImport(request.POST, request.FILES)
    if not formulaire.is_valid():
        return _page_membres(request, cpts, formulaire, 400)
    fichier = formulaire.cleaned_data["fichier"]
    try:
        importes = import_membres.importer(cpts, fichier.name, fichier.read())
    except ValidationError as erreur:
        # Chaque ligne refusée sous le champ du fichier : le résumé les redit toutes, chacune menant au fichier.
        for message in erreur.messages:
            formulaire.add_error("fichier", message)
        return _page_membres(request, cpts, formulaire, 400)
    messages.success(request, f"{len(importes)} membres importés.")
    return redirect("dossiers:membres", cpts.pk)
