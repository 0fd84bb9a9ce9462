"""L'emploi des fonds des CPTS au-dessus de la CPTS, à une date : pour les agents ARS et CPAM et les lecteurs
nationaux (toutes régions : les agrégats sont anonymes), en CSV et XLSX ; et les données ouvertes, publiques."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cpts import exports
from cpts.comptabilite.agregats import EmploiDesFonds, emploi_des_fonds
from cpts.comptabilite.exports import colonnes_par_cpts, lignes_par_cpts
from cpts.comptabilite.exports import donnees_ouvertes as csv_ouvert
from cpts.comptes.droits import MESSAGES_REFUS, Action, portee
from cpts.regles.comptabilite.parametres import parametre
from cpts.territoires.models import Region
from cpts.www.pilotage.tableau_de_bord import DateInvalide, date_demandee, refuser_date


class DemandeInvalide(ValueError):
    pass


def lire_demande(request: HttpRequest) -> tuple[int, datetime.date, str | None]:
    """?annee= (par défaut l'année qui précède la date), ?date=, ?region= (code INSEE ; la France sinon)."""
    le = date_demandee(request)
    brut = request.GET.get("annee", "").strip()
    if brut and not (brut.isdigit() and 2019 <= int(brut) <= le.year):
        raise DemandeInvalide(f"Exercice « {brut} » : une année de 2019 à {le.year}.")
    region = request.GET.get("region") or None
    if region and not Region.objects.filter(code=region).exists():
        raise Http404("Région inconnue.")
    return (int(brut) if brut else le.year - 1), le, region


def _vue(request: HttpRequest) -> EmploiDesFonds | HttpResponse:
    try:
        annee, le, region = lire_demande(request)
    except DateInvalide as erreur:
        return refuser_date(request, erreur)
    except DemandeInvalide as erreur:
        return render(request, "pilotage/date_invalide.html", {"message": str(erreur)}, status=400)
    return emploi_des_fonds(annee, le, region)


@login_required
@require_GET
def vue(request: HttpRequest) -> HttpResponse:
    if portee(request.user, Action.VOIR_EMPLOI_DES_FONDS) is None:
        raise PermissionDenied(MESSAGES_REFUS[Action.VOIR_EMPLOI_DES_FONDS])
    resultat = _vue(request)
    if isinstance(resultat, HttpResponse):
        return resultat
    nom = f"emploi-des-fonds-{resultat.region or 'france'}-{resultat.annee}-{resultat.le.isoformat()}"
    if request.GET.get("format") == "csv":
        return exports.reponse_csv(nom, colonnes_par_cpts(resultat), lignes_par_cpts(resultat))
    if request.GET.get("format") == "xlsx":
        return exports.reponse_xlsx(nom, colonnes_par_cpts(resultat), lignes_par_cpts(resultat))
    contexte = {
        "vue": resultat,
        "regions": Region.objects.order_by("nom"),
        "par_mission": [(resultat.libelle(m), resultat.par_mission[m]) for m in resultat.missions],
        "seuil": parametre("comptes.seuil_reserves"),
        "effectif": parametre("anonymat.effectif_minimum"),
        "natures": resultat.par_nature_libelles,
    }
    return render(request, "comptabilite/national.html", contexte)


@require_GET
def donnees_ouvertes(request: HttpRequest) -> HttpResponse:
    """Les agrégats publiés (aucune CPTS, aucune personne ; schéma dans docs/comptabilite.md)."""
    resultat = _vue(request)
    if isinstance(resultat, HttpResponse):
        return resultat
    reponse = HttpResponse(csv_ouvert(resultat), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = exports.piece_jointe(
        f"emploi-des-fonds-cpts-{resultat.region or 'FR'}-{resultat.annee}.csv"
    )
    return reponse
