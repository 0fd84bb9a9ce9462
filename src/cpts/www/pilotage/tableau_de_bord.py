"""Le tableau de bord d'une région : ce que montrent la page de pilotage et l'accueil des agents."""

import datetime
from decimal import Decimal
from functools import cached_property

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from cpts.comptes.droits import voit_toute_la_region
from cpts.contrats.etat import alertes_gardees, version_du_calcul
from cpts.contrats.models import Contrat
from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.pilotage import presentation
from cpts.pilotage.etapes import COLONNES, LIBELLES
from cpts.pilotage.evolution import evolution
from cpts.territoires.deploiement import DUREE_CACHE, cle
from cpts.territoires.models import Region
from cpts.www.pilotage.graphiques import Graphique, barres_empilees

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


class BlocRegion:
    """Ce que le tableau de bord montre d'une région à tous ceux qui l'ouvrent (état des lieux, contrats signés,
    paiements, leurs graphiques ; alertes et décisions pour qui voit toute la région), rendu une fois par processus
    sous `cle` (`{% cache %}` du gabarit) : chaque partie n'est calculée que si le gabarit ne la trouve pas déjà
    rendue. La clé porte les versions des données du déploiement (`cpts.territoires.deploiement`, que changent aussi
    les écritures des contrats), lues avant les données, la date et l'empreinte du calcul de l'état des contrats."""

    duree = DUREE_CACHE

    def __init__(self, region: str, date: datetime.date) -> None:
        self.region, self.date = region, date
        self.cle = cle(f"tableau-de-bord:{region}:{date.isoformat()}:{version_du_calcul()}")

    @cached_property
    def etat(self) -> presentation.Tableau:
        return presentation.etat_des_lieux(self.region, self.date)

    @cached_property
    def contrats(self) -> presentation.Tableau:
        return presentation.contrats_signes(self.region, self.date)

    @cached_property
    def paiements(self) -> presentation.Tableau:
        return presentation.paiements(self.region, self.date)

    @cached_property
    def graphique_etapes(self) -> Graphique:
        return _graphique_etapes(self.region, self.date)

    @cached_property
    def graphique_paiements(self) -> Graphique:
        return _graphique_paiements(self.paiements)


def contexte_tableau_de_bord(request: HttpRequest, region: Region, titre: str) -> dict[str, object]:
    date = date_demandee(request)
    visibles = Cpts.objects.visibles_par(request.user)
    contrats = Contrat.objects.filter(cpts__region=region.code, cpts__in=visibles, signature__lte=date)
    return {
        "titre": titre,
        "region": region,
        "date": date,
        "bloc": BlocRegion(region.code, date),
        # Alertes et décisions des CPTS que la personne voit, lues seulement quand le gabarit les rend : gardées avec
        # le reste quand elle voit la région entière (les mêmes pour tous ceux-là), à chaque affichage sinon.
        "suivi_garde": voit_toute_la_region(request.user, region.code),
        # À égalité, les contrats dans leur ordre par défaut (signature la plus récente d'abord).
        "alertes": SimpleLazyObject(
            lambda: alertes_gardees(contrats, date, ordre_contrats=("-contrat__signature", "contrat_id"))[:15]
        ),
        "decisions": DecisionEtape.objects.filter(cpts__in=visibles, cpts__region=region.code, date__lte=date)
        .select_related("cpts")
        .order_by("-date", "-pk")[:10],
        "formats": FORMATS,
    }


def _graphique_etapes(region: str, date: datetime.date) -> Graphique:
    points = evolution(region, date)
    categories = [f"{point.date:%m/%Y}" for point in points]
    # Chaque colonne a la teinte de son étape, la même que sur la carte de la région.
    series = [(LIBELLES[c], c, [point.comptes[c] for point in points]) for c in COLONNES]
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
        "graphique-paiements", "Paiements versés par année", description, annees, [("Versé", "bleu", montants)]
    )
