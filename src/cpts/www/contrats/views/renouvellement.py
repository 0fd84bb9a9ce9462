"""La page du renouvellement d'un contrat arrivé à son terme (`cpts.contrats.renouvellement`)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cpts.comptes.droits import Action, exiger
from cpts.contrats import missions, renouvellement
from cpts.contrats.models import Contrat
from cpts.regles.dates import ajouter_mois
from cpts.www.contrats.forms import ChampDate, FormulaireMissions


class FormulaireRenouvellement(FormulaireMissions):
    signature = ChampDate(label="Date de signature du nouveau contrat")

    def __init__(self, *args: object, fin: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Les missions du texte en vigueur à la fin de l'ancien contrat : les socles cochés, démarrage à la signature.
        self.ajouter_missions(missions.du_texte(fin), set(missions.socles(fin)), "à la signature s'il est vide")

    def missions_choisies(self) -> dict[str, date | None]:
        signature = self.cleaned_data.get("signature")
        return {code: demarrage or signature for code, demarrage in super().missions_choisies().items()}


@login_required
def renouveler(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = get_object_or_404(Contrat.objects.select_related("cpts"), pk=pk)
    exiger(request.user, Action.SIGNER_CONTRAT, contrat)
    aujourd_hui = timezone.localdate()
    formulaire = FormulaireRenouvellement(
        request.POST or None, fin=contrat.fin, initial={"signature": min(contrat.fin, aujourd_hui)}
    )
    if request.method == "POST" and formulaire.is_valid():
        try:
            nouveau = renouvellement.renouveler(
                contrat,
                request.user,
                signature=formulaire.cleaned_data["signature"],
                missions_choisies=formulaire.missions_choisies(),
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(
                request, f"Contrat renouvelé : nouveau contrat signé le {nouveau.signature:%d/%m/%Y}, pour cinq ans."
            )
            return redirect("contrats:detail", pk=nouveau.pk)
    contexte = {
        "contrat": contrat,
        "formulaire": formulaire,
        "deja_renouvele": not renouvellement.dernier_contrat(contrat),
        "limite": ajouter_mois(contrat.fin, renouvellement.delai_apres_fin_mois(contrat.fin)),
    }
    return render(request, "contrats/renouvellement.html", contexte)
