"""Signature du contrat ACI d'une CPTS, avec l'aperçu de ce qu'il ouvre."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cpts.comptes.droits import Action, exiger
from cpts.contrats import services
from cpts.contrats.alertes import demarrages_tardifs
from cpts.dossiers.models import Cpts
from cpts.www.contrats import forms


@login_required
def signer(request: HttpRequest, cpts_pk: int) -> HttpResponse:
    cpts = get_object_or_404(Cpts, pk=cpts_pk)
    exiger(request.user, Action.SIGNER_CONTRAT, cpts)
    aujourd_hui = timezone.localdate()
    donnees = request.POST if request.method == "POST" else None
    apercu = services.apercu(cpts, aujourd_hui)
    formulaire = forms.FormulaireSignature(
        donnees, request.FILES or None, socles=apercu.socles, initial={"signature": aujourd_hui}
    )
    if request.method == "POST" and formulaire.is_valid():
        try:
            contrat = services.signer(
                cpts,
                request.user,
                signature=formulaire.cleaned_data["signature"],
                missions_choisies=formulaire.missions_choisies(),
                document=formulaire.cleaned_data.get("document"),
                motif=formulaire.cleaned_data.get("motif") or "",
                options=formulaire.options_choisies(),
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(request, f"Contrat enregistré : {cpts} passe à l'étape « contrat signé ».")
            for avertissement in demarrages_tardifs(contrat, aujourd_hui):
                messages.warning(request, f"{avertissement} Le démarrage tardif donne une alerte.")
            return redirect("contrats:detail", pk=contrat.pk)
    contexte = {"cpts": cpts, "formulaire": formulaire, "apercu": apercu}
    return render(request, "contrats/signer.html", contexte)
