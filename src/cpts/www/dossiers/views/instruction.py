"""L'instruction d'un dossier : notes des instructeurs, demandes de complément, réponses et levées."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action
from cpts.dossiers import instruction
from cpts.dossiers.models import DemandeComplement
from cpts.www import refus
from cpts.www.dossiers.forms import FormulaireDemande, FormulaireNote, FormulaireReponse
from cpts.www.dossiers.views.communs import _cpts
from cpts.www.formulaires import erreurs_en_messages


@login_required
@require_POST
def ecrire_note(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.INSTRUIRE)
    formulaire = FormulaireNote(request.POST)
    if formulaire.is_valid():
        instruction.ecrire_note(cpts, formulaire.cleaned_data["texte"], request.user)
        messages.success(request, "Note d'instruction enregistrée.")
    else:
        messages.error(request, "Note : le texte est vide.")
    return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#notes")


@login_required
@require_POST
def demander(request: HttpRequest, pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.INSTRUIRE)
    formulaire = FormulaireDemande(request.POST)
    if formulaire.is_valid():
        try:
            instruction.demander_complement(cpts, request.user, **formulaire.cleaned_data)
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, "Demande de complément envoyée à l'équipe projet.")
    else:
        erreurs_en_messages(request, formulaire)
    return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#demandes")


@login_required
@require_POST
def repondre(request: HttpRequest, pk: int, demande_pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.MODIFIER)
    demande = get_object_or_404(DemandeComplement, pk=demande_pk, cpts=cpts)
    formulaire = FormulaireReponse(request.POST, demande=demande)
    if formulaire.is_valid():
        try:
            instruction.repondre(demande, formulaire.cleaned_data["texte"], request.user)
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, "Réponse envoyée.")
    else:
        messages.error(request, "Réponse : le texte est vide.")
    return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#demandes")


@login_required
@require_POST
def lever(request: HttpRequest, pk: int, demande_pk: int) -> HttpResponse:
    cpts = _cpts(request, pk, Action.INSTRUIRE)
    demande = get_object_or_404(DemandeComplement, pk=demande_pk, cpts=cpts)
    try:
        instruction.lever(demande, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, "Demande levée.")
    return redirect(f"{reverse('dossiers:detail', args=[cpts.pk])}#demandes")
