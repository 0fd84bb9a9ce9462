"""Échéancier du contrat (exports CSV et XLSX), versements enregistrés et annulés."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, exiger
from cpts.contrats import paiements
from cpts.contrats.colonnes import COLONNES_LIGNE
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.etat_du_contrat import echeancier_garde
from cpts.contrats.journal import VersementLu, journal_des_versements
from cpts.contrats.models import Contrat, Paiement
from cpts.www import refus
from cpts.www.contrats import forms
from cpts.www.contrats.views.communs import _contrat, _contrat_et_avertissements, _droits
from cpts.www.exports import exporter


def _formulaire_paiement(lignes: list, donnees: Any = None) -> forms.FormulairePaiement:
    payables = [ligne for ligne in lignes if ligne.payable > 0]
    return forms.FormulairePaiement(donnees, lignes=payables)


@login_required
def echeancier(request: HttpRequest, pk: int) -> HttpResponse:
    contrat, avertissements = _contrat_et_avertissements(request, pk)
    # L'état gardé du contrat, tenu à jour par chaque écriture, plutôt que le calcul de ses règles à chaque affichage.
    calcul = echeancier_garde(contrat, timezone.localdate(), avertissements)
    nom = f"echeancier-{contrat.cpts.nom}-{contrat.signature:%Y-%m-%d}"
    export = exporter(request.GET.get("format"), nom, COLONNES_LIGNE, calcul.lignes)
    if export is not None:
        return export
    journal = journal_des_versements(contrat.pk)
    droits = _droits(request.user, contrat, acquise=Action.VOIR)
    formulaire = _formulaire_paiement(calcul.lignes) if droits["payer"] else None
    if formulaire is not None and request.GET.get("ligne") in formulaire.lignes:
        formulaire.initial["ligne"] = request.GET["ligne"]
        formulaire.initial["montant"] = f"{formulaire.lignes[request.GET['ligne']].payable}".replace(".", ",")
    return _page_echeancier(request, contrat, calcul, droits, formulaire, journal=journal)


def _page_echeancier(
    request: HttpRequest,
    contrat: Contrat,
    calcul: Any,
    droits: dict,
    formulaire: Any,
    statut: int = 200,
    journal: list[VersementLu] | None = None,
) -> HttpResponse:
    contexte = {
        "contrat": contrat,
        "echeancier": calcul,
        "lignes": sorted(calcul.lignes, key=lambda ligne: (ligne.annee, ligne.du_le or date.max)),
        "par_annee_et_mission": calcul.par_annee_et_mission(),
        "total": calcul.total,
        "droits": droits,
        "formulaire": formulaire,
        "paiements": journal if journal is not None else journal_des_versements(contrat.pk),
    }
    return render(request, "contrats/echeancier.html", contexte, status=statut)


@login_required
@require_POST
def payer(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk, Action.PAYER)
    calcul = echeancier_du_contrat(contrat)
    formulaire = _formulaire_paiement(calcul.lignes, request.POST)
    if formulaire.is_valid():
        try:
            paiement = paiements.enregistrer_paiement(
                contrat,
                request.user,
                **formulaire.cle(),
                montant=formulaire.cleaned_data["montant"],
                date=formulaire.cleaned_data["date"],
                reference=formulaire.cleaned_data["reference"],
                motif_anticipation=formulaire.cleaned_data.get("motif_anticipation") or "",
            )
        except ValidationError as erreur:
            formulaire.ajouter_erreurs(erreur)
        else:
            messages.success(request, f"Versement {paiement.reference} enregistré.")
            return redirect("contrats:echeancier", pk=pk)
    return _page_echeancier(
        request, contrat, calcul, _droits(request.user, contrat, acquise=Action.PAYER), formulaire, statut=422
    )


@login_required
@require_POST
def annuler_paiement(request: HttpRequest, pk: int) -> HttpResponse:
    paiement = get_object_or_404(Paiement.objects.select_related("contrat"), pk=pk)
    exiger(request.user, Action.PAYER, paiement.contrat)
    formulaire = forms.FormulaireAnnulation(request.POST)
    if not formulaire.is_valid():
        messages.error(request, "Une annulation est motivée.")
    else:
        try:
            paiements.annuler_paiement(paiement, request.user, formulaire.cleaned_data["motif"])
        except ValidationError as erreur:
            refus.signaler(request, erreur)
        else:
            messages.success(request, f"Versement {paiement.reference} annulé.")
    return redirect("contrats:echeancier", pk=paiement.contrat_id)
