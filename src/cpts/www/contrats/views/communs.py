"""Ce que partagent les pages des contrats : le contrat lu après contrôle des droits, les droits affichés,
l'export demandé, un PDF déposé servi, les années commencées.
"""

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cpts.comptes.droits import MESSAGE_INTROUVABLE, Action, autorisations, exiger
from cpts.comptes.models import Utilisateur
from cpts.comptes.visibles import LectureVisible
from cpts.contrats.echeancier import termes_du_contrat
from cpts.contrats.etat import version_du_calcul
from cpts.contrats.etat_du_contrat import avertissements_gardes
from cpts.contrats.models import Contrat
from cpts.dossiers.models import Cpts
from cpts.preparees import Parametre, champs, instance


def _contrat(
    request: HttpRequest, pk: int, action: Action = Action.VOIR, relations: tuple[str, ...] = ("cpts", "enregistre_par")
) -> Contrat:
    """`relations` : ce que la page montre avec le contrat (la fiche du contrat nomme qui l'a enregistré)."""
    contrats = Contrat.objects.select_related(*relations)
    if action == Action.VOIR:
        # Lire, c'est voir : le contrat et le contrôle en une requête (hors périmètre, introuvable comme absent).
        return get_object_or_404(contrats.visibles_par(request.user), pk=pk)
    contrat = get_object_or_404(contrats, pk=pk)
    exiger(request.user, action, contrat)
    return contrat


# Le contrat d'une page lue à chaque affichage (échéancier, fiche du contrat), sa CPTS, qui l'a enregistré et les
# avertissements de son état gardé valide : une lecture préparée, contrôle du périmètre compris (sa compilation par
# l'ORM coûtait le quart de l'échéancier).
_CONTRAT_ET_ETAT = LectureVisible(
    Contrat,
    lambda visibles: (
        visibles.filter(pk=Parametre("pk", Contrat._meta.pk))
        .annotate(avertissements_gardes=avertissements_gardes())
        .values_list(
            *champs(Contrat), *champs(Cpts, "cpts__"), *champs(Utilisateur, "enregistre_par__"), "avertissements_gardes"
        )[:1]
    ),
)


def _contrat_et_avertissements(request: HttpRequest, pk: int) -> tuple[Contrat, list[str] | None]:
    """Comme `_contrat(request, pk)` (voir, sinon 404), avec les avertissements de l'état gardé valide du contrat
    (None s'il n'en a pas), à donner à `echeancier_garde` ou à `totaux_gardes`."""
    valeurs = _CONTRAT_ET_ETAT.premiere(request.user, pk=pk, version=version_du_calcul())
    if valeurs is None:
        raise Http404(MESSAGE_INTROUVABLE)
    fin_contrat = len(Contrat._meta.concrete_fields)
    fin_cpts = fin_contrat + len(Cpts._meta.concrete_fields)
    contrat = instance(Contrat, valeurs[:fin_contrat])
    contrat.cpts = instance(Cpts, valeurs[fin_contrat:fin_cpts])
    contrat.enregistre_par = instance(Utilisateur, valeurs[fin_cpts:-1])
    return contrat, valeurs[-1]


DROITS = {
    "signer": Action.SIGNER_CONTRAT,
    "suivre": Action.SUIVRE_CONTRAT,
    "declarer": Action.DECLARER_INDICATEURS,
    "payer": Action.PAYER,
}


def _droits(utilisateur: Any, contrat: Contrat, acquise: Action | None = None) -> dict[str, bool]:
    """Les boutons de la page ; `acquise` : l'action que `_contrat` vient d'exiger (sa portée ne coûte rien)."""
    accordees = autorisations(utilisateur, contrat, DROITS.values(), acquises=[acquise] if acquise else [])
    return {cle: accordees[action] for cle, action in DROITS.items()}


def _servir(fichier: FieldFile, nom: str) -> FileResponse:
    """Un PDF déposé, servi après contrôle des droits : téléchargé, jamais interprété par le navigateur."""
    if not fichier:
        raise Http404("Aucun document déposé.")
    try:
        flux = fichier.open("rb")
    except FileNotFoundError:
        raise Http404("Document introuvable sur le disque.") from None
    reponse = FileResponse(flux, as_attachment=True, filename=f"{nom}.pdf", content_type="application/pdf")
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse


def _annees_commencees(contrat: Contrat) -> list[int]:
    termes = termes_du_contrat(contrat)
    aujourd_hui = timezone.localdate()
    return [annee for annee in termes.annees if termes.debut(annee) <= aujourd_hui]
