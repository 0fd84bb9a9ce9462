from datetime import timedelta
from typing import Any

from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from dsfr.forms import DsfrBaseForm

from cpts.comptes import jetons, limites


class FormulaireJeton(DsfrBaseForm):
    nom = forms.CharField(label="Nom du jeton", max_length=100, help_text="Par exemple « script de suivi mensuel ».")
    duree = forms.TypedChoiceField(
        label="Durée de validité",
        coerce=int,
        choices=[(30, "30 jours"), (90, "90 jours"), (365, "1 an")],
        initial=90,
    )


@login_required
def liste_jetons(request: HttpRequest) -> HttpResponse:
    formulaire = FormulaireJeton(request.POST or None)
    nouveau = None
    if request.method == "POST" and formulaire.is_valid():
        _, nouveau = jetons.creer(
            request.user, formulaire.cleaned_data["nom"], timedelta(days=formulaire.cleaned_data["duree"])
        )
        formulaire = FormulaireJeton()
    contexte = {"formulaire": formulaire, "nouveau": nouveau, "jetons": jetons.du_compte(request.user)}
    return render(request, "comptes/jetons.html", contexte)


@login_required
@require_POST
def revoquer_jeton(request: HttpRequest, pk: int) -> HttpResponse:
    if jetons.revoquer(request.user, pk):
        messages.success(request, "Jeton révoqué : il ne donne plus accès à l'API.")
    return redirect("jetons")


class DemandeReinitialisation(PasswordResetView):
    """« Mot de passe oublié », limité par adresse et par poste (`cpts.comptes.limites`) ; au-delà, 429 en français
    et la saisie gardée."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        formulaire = self.get_form()
        if limites.accepter_demande(request.POST.get("email", ""), get_client_ip_address(request)):
            return super().post(request, *args, **kwargs)
        formulaire.is_valid()
        formulaire.add_error("email", limites.MESSAGE)
        return self.render_to_response(self.get_context_data(form=formulaire), status=429)
