"""Échéancier du contrat (exports CSV et XLSX), versements enregistrés et annulés."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpts.comptes.droits import Action, exiger
from cpts.comptes.models import Utilisateur
from cpts.contrats import paiements
from cpts.contrats.colonnes import COLONNES_LIGNE
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.etat import echeancier_garde
from cpts.contrats.models import Annulation, Contrat, Paiement
from cpts.preparees import LecturePreparee, Parametre
from cpts.www import refus
from cpts.www.contrats import forms
from cpts.www.contrats.views.communs import _contrat, _droits
from cpts.www.exports import exporter


def _formulaire_paiement(lignes: list, donnees: Any = None) -> forms.FormulairePaiement:
    payables = [ligne for ligne in lignes if ligne.payable > 0]
    return forms.FormulairePaiement(donnees, lignes=payables)


@login_required
def echeancier(request: HttpRequest, pk: int) -> HttpResponse:
    contrat = _contrat(request, pk, relations=("cpts",))
    # L'état gardé du contrat, tenu à jour par chaque écriture, plutôt que le calcul de ses règles à chaque affichage.
    calcul = echeancier_garde(contrat, timezone.localdate())
    nom = f"echeancier-{contrat.cpts.nom}-{contrat.signature:%Y-%m-%d}"
    export = exporter(request.GET.get("format"), nom, COLONNES_LIGNE, calcul.lignes)
    if export is not None:
        return export
    journal = _journal(contrat)
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
    journal: list[dict[str, object]] | None = None,
) -> HttpResponse:
    contexte = {
        "contrat": contrat,
        "echeancier": calcul,
        "lignes": sorted(calcul.lignes, key=lambda ligne: (ligne.annee, ligne.du_le or date.max)),
        "par_annee_et_mission": calcul.par_annee_et_mission(),
        "total": calcul.total,
        "droits": droits,
        "formulaire": formulaire,
        "paiements": journal if journal is not None else _journal(contrat),
    }
    return render(request, "contrats/echeancier.html", contexte, status=statut)


# Le journal des versements, lu à chaque affichage de l'échéancier : une lecture préparée (compilée une fois par
# processus) de ce qu'il montre, en objets partiels. Une soixantaine de versements lus par l'ORM, chacun avec son auteur
# et son annulation entiers, coûtaient le quart de la page.
def _dans_l_ordre(modele: type[Model], *champs: str) -> tuple[str, ...]:
    """Ces champs dans l'ordre des colonnes du modèle : celui qu'attend `from_db` pour un objet partiel."""
    return tuple(champ.attname for champ in modele._meta.concrete_fields if champ.attname in champs)


VERSEMENT = _dans_l_ordre(
    Paiement,
    "id",
    "enregistre_par_id",
    "enregistre_le",
    "contrat_id",
    "annee",
    "mission",
    "volet",
    "nature",
    "montant",
    "date",
    "reference",
    "motif_anticipation",
)
AUTEUR = _dans_l_ordre(Utilisateur, "id", "username", "first_name", "last_name")
ANNULATION = _dans_l_ordre(Annulation, "id", "paiement_id", "motif", "annule_le")
_JOURNAL = LecturePreparee(
    lambda: (
        Paiement.objects.filter(contrat_id=Parametre("contrat", Paiement._meta.get_field("contrat")))
        # L'auteur d'une annulation ne s'affiche pas : seuls sa date et son motif.
        .order_by("-date", "-pk")
        .values_list(
            *VERSEMENT,
            *(f"enregistre_par__{champ}" for champ in AUTEUR[1:]),
            *(f"annulation__{champ}" for champ in ANNULATION if champ != "paiement_id"),
        )
    )
)


def _journal(contrat: Contrat) -> list[dict[str, object]]:
    """Les versements du contrat, du plus récent au plus ancien, chacun avec son annulation s'il y en a une."""
    journal = []
    for valeurs in _JOURNAL.lignes(contrat=contrat.pk):
        n = len(VERSEMENT)
        paiement = Paiement.from_db(DEFAULT_DB_ALIAS, VERSEMENT, valeurs[:n])
        auteur = (paiement.enregistre_par_id, *valeurs[n : n + len(AUTEUR) - 1])
        paiement.enregistre_par = Utilisateur.from_db(DEFAULT_DB_ALIAS, AUTEUR, auteur)
        annulation_id, motif, annule_le = valeurs[n + len(AUTEUR) - 1 :]
        annulation = (
            None
            if annulation_id is None
            else Annulation.from_db(DEFAULT_DB_ALIAS, ANNULATION, (annulation_id, paiement.pk, motif, annule_le))
        )
        journal.append({"paiement": paiement, "annulation": annulation})
    return journal


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
