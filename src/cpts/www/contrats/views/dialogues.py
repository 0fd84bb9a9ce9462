"""Dialogues de gestion annuels : tenue, mise à jour, atteinte retenue par mission, compte rendu."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, exiger
from cpts.concurrence import ModificationConcurrente
from cpts.contrats import dialogue as services_dialogue
from cpts.contrats.echeancier import termes_du_contrat
from cpts.contrats.models import BilanMission, DialogueGestion
from cpts.www.concurrence import signaler_conflit, suivre_revision
from cpts.www.contrats import forms
from cpts.www.contrats.views.communs import _annees_commencees, _contrat, _droits, _servir
from cpts.www.historique import versions


@login_required
def dialogues(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk)
    droits = _droits(request.user, contrat, acquise=Action.VOIR)
    termes = termes_du_contrat(contrat)
    tenus = set(contrat.dialogues.values_list("annee", flat=True))
    annees = [annee for annee in _annees_commencees(contrat) if annee not in tenus]
    formulaire = None
    if droits["suivre"] and annees:
        annee_proposee = annees[0]
        donnees = request.POST if request.method == "POST" else None
        if donnees and str(donnees.get("annee", "")).isdigit() and int(donnees["annee"]) in annees:
            annee_proposee = int(donnees["annee"])
        formulaire = forms.FormulaireDialogue(
            donnees,
            request.FILES or None,
            annees=annees,
            missions_par_annee=list(termes.missions_de(annee_proposee, datees=False)),
            initial={"annee": annee_proposee, "date": timezone.localdate()},
        )
        if request.method == "POST" and formulaire.is_valid():
            donnees_valides = formulaire.cleaned_data
            try:
                tenu = services_dialogue.tenir_dialogue(
                    contrat,
                    request.user,
                    annee=donnees_valides["annee"],
                    date=donnees_valides["date"],
                    participants=donnees_valides["participants"],
                    decisions=donnees_valides.get("decisions") or "",
                    avenant_necessaire=donnees_valides.get("avenant_necessaire", False),
                    crise_survenue=donnees_valides.get("crise_survenue", False),
                    crise_le=donnees_valides.get("crise_le"),
                    taux_crise=donnees_valides.get("taux_crise") or 1,
                    constats=formulaire.constats(),
                    compte_rendu=donnees_valides.get("compte_rendu"),
                )
            except ValidationError as erreur:
                formulaire.ajouter_erreurs(erreur)
            else:
                messages.success(request, f"Dialogue de gestion de l'année {tenu.annee} enregistré.")
                return redirect("contrats:dialogue", pk=tenu.pk)
    elif request.method == "POST":
        exiger(request.user, Action.SUIVRE_CONTRAT, contrat)
    contexte = {
        "contrat": contrat,
        "droits": droits,
        "dialogues": contrat.dialogues.prefetch_related("bilans").order_by("annee"),
        "formulaire": formulaire,
    }
    return render(request, "contrats/dialogues.html", contexte)


def _dialogue(request: HttpRequest, pk: int) -> DialogueGestion:
    objet = get_object_or_404(DialogueGestion.objects.select_related("contrat__cpts", "enregistre_par"), pk=pk)
    exiger(request.user, Action.VOIR, objet.contrat)
    return objet


@login_required
def dialogue(request: HttpRequest, pk: int) -> HttpResponse:
    objet = _dialogue(request, pk)
    contrat = objet.contrat
    droits = _droits(request.user, contrat)
    bilans = list(objet.bilans.select_related("retenu_par"))
    formulaire = None
    if droits["suivre"]:
        formulaire = forms.FormulaireDialogue(
            request.POST or None,
            request.FILES or None,
            annees=[objet.annee],
            missions_par_annee=[bilan.mission for bilan in bilans],
            dialogue=objet,
        )
        suivre_revision(formulaire, objet)
        if request.method == "POST" and formulaire.is_valid():
            donnees = formulaire.cleaned_data
            try:
                services_dialogue.modifier_dialogue(
                    objet,
                    request.user,
                    participants=donnees["participants"],
                    decisions=donnees.get("decisions") or "",
                    avenant_necessaire=donnees.get("avenant_necessaire", False),
                    crise_survenue=donnees.get("crise_survenue", False),
                    crise_le=donnees.get("crise_le"),
                    taux_crise=donnees.get("taux_crise") or 1,
                    constats=formulaire.constats(),
                    compte_rendu=donnees.get("compte_rendu"),
                    revision=donnees["revision"],
                )
            except ValidationError as erreur:
                formulaire.ajouter_erreurs(erreur)
            except ModificationConcurrente as conflit:
                signaler_conflit(formulaire, conflit)
                return _page_dialogue(request, objet, bilans, droits, formulaire, statut=409)
            else:
                messages.success(request, "Dialogue de gestion mis à jour.")
                return redirect("contrats:dialogue", pk=objet.pk)
    elif request.method == "POST":
        exiger(request.user, Action.SUIVRE_CONTRAT, contrat)
    return _page_dialogue(request, objet, bilans, droits, formulaire)


def _page_dialogue(
    request: HttpRequest,
    objet: DialogueGestion,
    bilans: list[BilanMission],
    droits: dict,
    formulaire: Any,
    retenir: dict | None = None,
    statut: int = 200,
) -> HttpResponse:
    retenir = retenir or {}
    lignes = [
        {
            "bilan": bilan,
            "formulaire": retenir.get(bilan.pk) or (forms.FormulaireRetenir(bilan=bilan) if droits["suivre"] else None),
        }
        for bilan in bilans
    ]
    contexte = {
        "contrat": objet.contrat,
        "dialogue": objet,
        "lignes": lignes,
        "droits": droits,
        "formulaire": formulaire,
        "historique": versions(objet),
    }
    return render(request, "contrats/dialogue.html", contexte, status=statut)


@login_required
@require_POST
def retenir(request: HttpRequest, pk: int) -> HttpResponse:
    bilan = get_object_or_404(BilanMission.objects.select_related("dialogue__contrat__cpts"), pk=pk)
    objet = bilan.dialogue
    exiger(request.user, Action.SUIVRE_CONTRAT, objet.contrat)
    formulaire = forms.FormulaireRetenir(request.POST, bilan=bilan)
    if formulaire.is_valid():
        try:
            services_dialogue.retenir_atteinte(
                bilan, request.user, formulaire.cleaned_data["taux"], formulaire.cleaned_data.get("motif") or ""
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(request, f"Atteinte retenue pour la mission {bilan.libelle_mission}.")
            return redirect("contrats:dialogue", pk=objet.pk)
    droits = _droits(request.user, objet.contrat)
    bilans = list(objet.bilans.select_related("retenu_par"))
    return _page_dialogue(request, objet, bilans, droits, None, retenir={bilan.pk: formulaire}, statut=422)


@login_required
def compte_rendu(request: HttpRequest, pk: int) -> FileResponse:
    objet = _dialogue(request, pk)
    return _servir(objet.compte_rendu, f"dialogue-de-gestion-annee-{objet.annee}-{objet.contrat.cpts.nom}")
