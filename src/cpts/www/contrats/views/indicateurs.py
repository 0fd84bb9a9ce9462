"""Indicateurs du contrat, leurs cibles et les valeurs déclarées année par année."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, exiger
from cpts.concurrence import ModificationConcurrente
from cpts.contrats import indicateurs as services_indicateurs
from cpts.contrats.echeancier import termes_du_contrat
from cpts.contrats.models import Contrat, Indicateur
from cpts.www import refus
from cpts.www.concurrence import signaler_conflit, suivre_revision
from cpts.www.contrats import forms
from cpts.www.contrats.views.communs import _annees_commencees, _contrat, _droits


@login_required
def indicateurs(request: HttpRequest, pk: int) -> HttpResponse:
    return _page_indicateurs(request, _contrat(request, pk))


def _page_indicateurs(
    request: HttpRequest, contrat: Contrat, refuse: forms.FormulaireValeur | None = None, statut: int = 200
) -> HttpResponse:
    """La page ; `refuse` : la valeur refusée d'un indicateur (son préfixe le nomme), réaffichée à sa place avec le
    résumé de ses erreurs."""
    termes = termes_du_contrat(contrat)
    droits = _droits(request.user, contrat, acquise=Action.VOIR)
    annees = _annees_commencees(contrat)
    sections = [
        {
            "tableau": tableau,
            "lignes": [
                {
                    "ligne": ligne,
                    "formulaire": _formulaire_valeur(ligne.indicateur.pk, annees, refuse)
                    if droits["declarer"] and annees
                    else None,
                }
                for ligne in tableau.indicateurs
            ],
        }
        for tableau in services_indicateurs.tableau(contrat, termes)
    ]
    contexte = {"contrat": contrat, "droits": droits, "sections": sections, "annees": list(termes.annees)}
    return render(request, "contrats/indicateurs.html", contexte, status=statut)


def _formulaire_valeur(
    indicateur_id: int, annees: list[int], refuse: forms.FormulaireValeur | None
) -> forms.FormulaireValeur:
    prefixe = f"indicateur{indicateur_id}"
    if refuse is not None and refuse.prefix == prefixe:
        return refuse
    return forms.FormulaireValeur(annees=annees, prefix=prefixe)


def _indicateur_formulaire(request: HttpRequest, contrat: Contrat, indicateur: Indicateur | None) -> HttpResponse:
    exiger(request.user, Action.SUIVRE_CONTRAT, contrat)
    termes = termes_du_contrat(contrat)
    formulaire = forms.FormulaireIndicateur(request.POST or None, contrat=contrat, termes=termes, indicateur=indicateur)
    if indicateur is not None:
        suivre_revision(formulaire, indicateur)
    statut = 200
    if request.method == "POST" and formulaire.is_valid():
        try:
            # L'indicateur et ses cibles ensemble : un refus ou un conflit n'écrit ni l'un ni les autres.
            with transaction.atomic():
                enregistre = services_indicateurs.enregistrer_indicateur(
                    contrat,
                    request.user,
                    formulaire.donnees(),
                    indicateur,
                    revision=formulaire.cleaned_data.get("revision"),
                )
                services_indicateurs.fixer_cibles(enregistre, formulaire.cibles(), request.user)
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        except ModificationConcurrente as conflit:
            signaler_conflit(formulaire, conflit)
            statut = 409
        else:
            messages.success(request, f"Indicateur « {enregistre.libelle} » enregistré.")
            return redirect("contrats:indicateurs", pk=contrat.pk)
    contexte = {"contrat": contrat, "indicateur": indicateur, "formulaire": formulaire}
    return render(request, "contrats/indicateur.html", contexte, status=statut)


@login_required
def ajouter_indicateur(request: HttpRequest, pk: int) -> HttpResponse:
    return _indicateur_formulaire(request, _contrat(request, pk), None)


@login_required
def modifier_indicateur(request: HttpRequest, pk: int) -> HttpResponse:
    indicateur = get_object_or_404(Indicateur.objects.select_related("contrat__cpts"), pk=pk)
    return _indicateur_formulaire(request, indicateur.contrat, indicateur)


@login_required
@require_POST
def supprimer_indicateur(request: HttpRequest, pk: int) -> HttpResponse:
    indicateur = get_object_or_404(Indicateur.objects.select_related("contrat"), pk=pk)
    contrat = indicateur.contrat
    try:
        services_indicateurs.supprimer_indicateur(indicateur, request.user)
    except ValidationError as erreur:
        refus.signaler(request, erreur)
    else:
        messages.success(request, "Indicateur retiré.")
    return redirect("contrats:indicateurs", pk=contrat.pk)


@login_required
@require_POST
def declarer_valeur(request: HttpRequest, pk: int) -> HttpResponse:
    indicateur = get_object_or_404(Indicateur.objects.select_related("contrat__cpts"), pk=pk)
    exiger(request.user, Action.DECLARER_INDICATEURS, indicateur.contrat)
    formulaire = forms.FormulaireValeur(
        request.POST, annees=_annees_commencees(indicateur.contrat), prefix=f"indicateur{indicateur.pk}"
    )
    if not formulaire.is_valid():
        return _page_indicateurs(request, indicateur.contrat, formulaire, 400)
    try:
        services_indicateurs.declarer_valeur(
            indicateur,
            formulaire.cleaned_data["annee"],
            formulaire.cleaned_data["valeur"],
            request.user,
            formulaire.cleaned_data.get("commentaire") or "",
        )
    except ValidationError as erreur:
        refus.rattacher(formulaire, erreur)
        return _page_indicateurs(request, indicateur.contrat, formulaire, 409)
    messages.success(
        request, f"Valeur de l'année {formulaire.cleaned_data['annee']} enregistrée : « {indicateur.libelle} »."
    )
    return redirect(reverse("contrats:indicateurs", args=[indicateur.contrat_id]) + f"#indicateur-{indicateur.pk}")
