"""Listes des contrats : contrats visibles, alertes, versements à venir de la région (exports CSV et XLSX)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cpts.contrats import services
from cpts.contrats.colonnes import COLONNES_A_VENIR
from cpts.contrats.etat import alertes_gardees, lignes_a_venir_gardees
from cpts.contrats.models import Contrat
from cpts.contrats.perimetre import ContratsVisibles
from cpts.notifications.enums import TypeCourriel
from cpts.notifications.models import Courriel
from cpts.preparees import LecturePreparee, Parametre, champs, instance
from cpts.www.contrats.filtres import FiltresAlertes, FiltresContrats, FiltresListeContrats
from cpts.www.exports import exporter
from cpts.www.pagination import paginer

JOURS_A_VENIR = (30, 60, 90, 180, 365)
# Lus à chaque page des alertes : une lecture préparée (sa compilation par l'ORM coûtait plus que son exécution).
_RECAPITULATIFS = LecturePreparee(
    lambda: Courriel.objects.filter(
        destinataire_id=Parametre("destinataire", Courriel._meta.get_field("destinataire").target_field),
        type=TypeCourriel.RECAPITULATIF_CONTRATS,
    ).values_list(*champs(Courriel))[:5]
)


@login_required
def liste(request: HttpRequest) -> HttpResponse:
    filtres = FiltresListeContrats(request.GET or None)
    contrats = filtres.contrats(Contrat.objects.visibles_par(request.user).select_related("cpts"))
    aujourd_hui = timezone.localdate()
    return render(
        request,
        "contrats/liste.html",
        {
            "contrats": contrats,
            "filtres": filtres,
            "aujourd_hui": aujourd_hui,
            "a_signer": services.cpts_a_signer(request.user),
        },
    )


def _contrats_filtres(filtres: FiltresContrats, utilisateur: Any) -> QuerySet[Contrat] | ContratsVisibles:
    """Les contrats visibles, filtrés par CPTS ou par département si c'est demandé ; sinon tous, par la lecture
    préparée de l'état (`ContratsVisibles`)."""
    valeurs = filtres.valeurs
    if valeurs.get("cpts") or valeurs.get("departement"):
        return filtres.contrats(Contrat.objects.visibles_par(utilisateur))
    return ContratsVisibles(utilisateur)


@login_required
def page_alertes(request: HttpRequest) -> HttpResponse:
    filtres = FiltresAlertes(request.GET or None)
    contrats = _contrats_filtres(filtres, request.user)
    le = timezone.localdate()
    # Les récapitulatifs hebdomadaires reçus par l'agent, et leur sort : un échec d'envoi ne passe pas inaperçu.
    courriels = [instance(Courriel, valeurs) for valeurs in _RECAPITULATIFS.lignes(destinataire=request.user.pk)]
    # Les alertes gardées du jour, filtrées, triées par urgence et paginées en SQL : seule la page demandée est lue.
    choix = filtres.valeurs
    liste = alertes_gardees(contrats, le, type=choix.get("type", ""), niveau=choix.get("niveau", ""))
    page = paginer(request, liste)
    contexte = {"alertes": page.object_list, "page_alertes": page, "le": le, "courriels": courriels, "filtres": filtres}
    return render(request, "contrats/alertes.html", contexte)


@login_required
def versements_a_venir(request: HttpRequest) -> HttpResponse:
    brut = request.GET.get("jours", "60")
    jours = int(brut) if brut.isdigit() and int(brut) in JOURS_A_VENIR else 60
    filtres = FiltresContrats(request.GET or None)
    contrats = _contrats_filtres(filtres, request.user)
    le = timezone.localdate()
    entrees, total = lignes_a_venir_gardees(contrats, le, jours)
    export = exporter(request.GET.get("format"), f"versements-a-venir-{jours}-jours", COLONNES_A_VENIR, entrees)
    if export is not None:
        return export
    parametres = request.GET.copy()
    for cle in ("jours", "format", "page"):
        parametres.pop(cle, None)
    contexte = {
        # Le total porte sur toutes les lignes ; seule la page demandée est rendue.
        "page_entrees": paginer(request, entrees),
        "jours": jours,
        "choix_jours": JOURS_A_VENIR,
        "total": total,
        "le": le,
        "filtres": filtres,
        "parametres": parametres.urlencode(),
    }
    return render(request, "contrats/versements.html", contexte)
