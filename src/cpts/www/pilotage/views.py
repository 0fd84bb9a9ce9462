import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cpts import exports
from cpts.comptes.roles import Role
from cpts.contrats.alertes import alertes
from cpts.contrats.models import Contrat
from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.pilotage import presentation
from cpts.pilotage.etapes import COLONNES, LIBELLES
from cpts.pilotage.evolution import evolution
from cpts.territoires.models import Departement, Region
from cpts.www.pilotage.graphiques import Graphique, barres_empilees

COULEURS = {
    "dynamique": "#fcc63a",
    "pre_projet_valide": "#e4794a",
    "projet_sante_valide": "#6a6af4",
    "contrat_signe": "#18753c",
}
FORMATS = ("csv", "xlsx", "pdf")


class DateInvalide(ValueError):
    pass


def date_demandee(request: HttpRequest) -> datetime.date:
    """?date=AAAA-MM-JJ ou JJ/MM/AAAA ; sans date, aujourd'hui. Une date illisible ou qui n'existe pas (31/02)
    est refusée : montrer les chiffres d'un autre jour que celui demandé serait pire qu'une erreur."""
    texte = request.GET.get("date", "").strip()
    if not texte:
        return timezone.localdate()
    for format_ in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(texte, format_).date()
        except ValueError:
            continue
    raise DateInvalide(f"Date invalide « {texte} » : cette date n'existe pas ou est mal écrite (JJ/MM/AAAA).")


def refuser_date(request: HttpRequest, erreur: DateInvalide) -> HttpResponse:
    return render(request, "pilotage/date_invalide.html", {"message": str(erreur)}, status=400)


def region_de(utilisateur: object) -> str | None:
    """La région du tableau de bord d'un utilisateur : celle de son périmètre, s'il en a une."""
    if getattr(utilisateur, "region", ""):
        return utilisateur.region
    if getattr(utilisateur, "departements", None):
        return Departement.objects.filter(code__in=utilisateur.departements).values_list("region_id", flat=True).first()
    if getattr(utilisateur, "role", "") == Role.COORDINATEUR:
        return utilisateur.cpts.values_list("region", flat=True).first()
    return None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    region = region_de(request.user)
    if region:
        return redirect("pilotage:region", code=region)
    regions = Region.objects.order_by("nom")
    try:
        date = date_demandee(request)
    except DateInvalide as erreur:
        return refuser_date(request, erreur)
    return render(request, "pilotage/index.html", {"regions": regions, "date": date})


def contexte_tableau_de_bord(request: HttpRequest, region: Region, titre: str) -> dict[str, object]:
    date = date_demandee(request)
    etat = presentation.etat_des_lieux(region.code, date)
    paiements = presentation.paiements(region.code, date)
    visibles = Cpts.objects.visibles_par(request.user)
    contrats = (
        Contrat.objects.filter(cpts__region=region.code, cpts__in=visibles, signature__lte=date)
        .select_related("cpts")
        .prefetch_related("missions", "paiements", "avenants", "options")
    )
    return {
        "titre": titre,
        "region": region,
        "date": date,
        "etat": etat,
        "contrats": presentation.contrats_signes(region.code, date),
        "paiements": paiements,
        "graphique_etapes": _graphique_etapes(region.code, date),
        "graphique_paiements": _graphique_paiements(paiements),
        "alertes": alertes(contrats, date)[:15],
        "decisions": DecisionEtape.objects.filter(cpts__in=visibles, cpts__region=region.code, date__lte=date)
        .select_related("cpts")
        .order_by("-date", "-pk")[:10],
        "formats": FORMATS,
    }


@login_required
@require_GET
def tableau_de_bord(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    try:
        contexte = contexte_tableau_de_bord(request, region, f"Pilotage des CPTS — {region.nom}")
    except DateInvalide as erreur:
        return refuser_date(request, erreur)
    return render(request, "pilotage/tableau_de_bord.html", contexte)


@login_required
@require_GET
def tableau(request: HttpRequest, code: str) -> HttpResponse:
    if code not in presentation.TABLEAUX:
        raise Http404("Tableau inconnu.")
    region = request.GET.get("region") or None
    if region and not Region.objects.filter(code=region).exists():
        raise Http404("Région inconnue.")
    try:
        date = date_demandee(request)
    except DateInvalide as erreur:
        return refuser_date(request, erreur)
    rendu = presentation.TABLEAUX[code](region, date)
    format_ = request.GET.get("format")
    nom = f"{code}-{region or 'france'}-{date.isoformat()}"
    if format_ == "csv":
        return exports.reponse_csv(nom, rendu.colonnes_export(), rendu.lignes_export())
    if format_ == "xlsx":
        return exports.reponse_xlsx(nom, rendu.colonnes_export(), rendu.lignes_export())
    if format_ == "pdf":
        return exports.reponse_pdf(nom, rendu.titre, rendu.colonnes_export(), rendu.lignes_export(), rendu.notes)
    contexte = {"tableau": rendu, "region": region, "date": date, "formats": FORMATS}
    return render(request, "pilotage/tableau.html", contexte)


def _graphique_etapes(region: str, date: datetime.date) -> Graphique:
    points = evolution(region, date)
    categories = [f"{point.date:%m/%Y}" for point in points]
    series = [(LIBELLES[c], COULEURS[c], [point.comptes[c] for point in points]) for c in COLONNES]
    derniers = points[-1].comptes if points else dict.fromkeys(COLONNES, 0)
    description = f"Au {date:%d/%m/%Y} : " + ", ".join(f"{derniers[c]} {LIBELLES[c].lower()}" for c in COLONNES) + "."
    return barres_empilees(
        "graphique-etapes", "Projets par étape, trimestre après trimestre", description, categories, series
    )


def _graphique_paiements(paiements: presentation.Tableau) -> Graphique:
    annees = [ligne["annee"] for ligne in paiements.lignes]
    montants = [ligne["total"] for ligne in paiements.lignes]
    total = paiements.total["total"] if paiements.total else Decimal(0)
    description = (
        "Versé par année : "
        + (
            ", ".join(
                f"{annee} : {presentation.formater(m, 'montant')}" for annee, m in zip(annees, montants, strict=True)
            )
            or "aucun paiement"
        )
        + f" ; total {presentation.formater(total, 'montant')}."
    )
    return barres_empilees(
        "graphique-paiements", "Paiements versés par année", description, annees, [("Versé", "#000091", montants)]
    )
