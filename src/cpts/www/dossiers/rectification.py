"""Page de rectification d'une décision d'étape enregistrée par erreur (service : cpts.dossiers.rectification)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from cpts.comptes.droits import Action, exiger
from cpts.dossiers import rectification
from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.www import refus
from cpts.www.formulaires import ChampDate


class FormulaireRectification(DsfrBaseForm):
    date = ChampDate(label="Date de la rectification")
    motif = forms.CharField(
        label="Motif de la rectification",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="L'erreur rectifiée, par exemple : décision saisie à la place de la validation du pré-projet.",
    )


@login_required
def rectifier(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    cpts = get_object_or_404(Cpts, pk=pk)
    exiger(request.user, Action.INSTRUIRE, cpts)
    decision = get_object_or_404(DecisionEtape.objects.select_related("cpts"), pk=decision_pk, cpts=cpts)
    formulaire = FormulaireRectification(request.POST or None, initial={"date": timezone.localdate()})
    statut = 200
    if request.method == "POST" and formulaire.is_valid():
        try:
            rectification.rectifier(
                decision, request.user, date=formulaire.cleaned_data["date"], motif=formulaire.cleaned_data["motif"]
            )
        except ValidationError as erreur:
            refus.rattacher(formulaire, erreur)
            statut = 422
        else:
            messages.success(
                request,
                f"Décision rectifiée : « {decision.get_transition_display()} » du {decision.date:%d/%m/%Y} n'a plus "
                f"d'effet ; le dossier est revenu à l'étape « {decision.get_etape_avant_display()} ».",
            )
            return redirect("dossiers:detail", cpts.pk)
    elif request.method == "POST":
        statut = 422
    contexte = {
        "cpts": cpts,
        "decision": decision,
        "formulaire": formulaire,
        "raisons": rectification.raisons_de_refuser(decision),
    }
    return render(request, "dossiers/rectifier_decision.html", contexte, status=statut)
