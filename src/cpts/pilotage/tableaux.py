"""Les tableaux de déploiement des supports de CPR ([cpr-aura-2021-06-09]), calculés depuis les données à une date.

Chaque tableau coûte un nombre fixe de requêtes, quel que soit le nombre de projets.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum

from cpts.contrats.models import Contrat, Paiement
from cpts.dossiers.enums import Etape, TransitionEtape
from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.pilotage.etapes import COLONNE_DE, COLONNES, projets_a_la_date
from cpts.pilotage.models import StatistiquePubliee
from cpts.territoires.couverture import calculer as calculer_couverture
from cpts.territoires.deploiement import garder
from cpts.territoires.models import Departement, Region


@dataclass
class LigneEtat:
    departement: str
    nom: str
    comptes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLONNES, 0))

    @property
    def total(self) -> int:
        return sum(self.comptes.values())

    def en_dict(self) -> dict[str, object]:
        return {"departement": self.departement, **self.comptes, "total": self.total}


@dataclass
class EtatDesLieux:
    region: str | None
    date: datetime.date
    lignes: list[LigneEtat]

    @property
    def total(self) -> LigneEtat:
        total = LigneEtat("TOTAL", "Total")
        for ligne in self.lignes:
            for colonne, nombre in ligne.comptes.items():
                total.comptes[colonne] += nombre
        return total


def etat_des_lieux(region: str | None, date: datetime.date) -> EtatDesLieux:
    """Projets par département et par étape à la date ; sans région, toute la France. Gardé en cache sous les
    versions des données (`cpts.territoires.deploiement`)."""
    return garder(f"etat-des-lieux:{region or 'FR'}:{date.isoformat()}", lambda: calculer_etat_des_lieux(region, date))


def calculer_etat_des_lieux(region: str | None, date: datetime.date) -> EtatDesLieux:
    """L'état des lieux calculé depuis la base, sans cache."""
    departements = Departement.objects.order_by("code")
    projets = projets_a_la_date(date)
    if region:
        departements = departements.filter(region_id=region)
        projets = projets.filter(region=region)
    lignes = {d.code: LigneEtat(d.code, d.nom) for d in departements}
    for compte in projets.values("departement", "etape_a_la_date").annotate(nombre=Count("pk")).order_by():
        colonne = COLONNE_DE.get(compte["etape_a_la_date"])
        if colonne and compte["departement"] in lignes:
            lignes[compte["departement"]].comptes[colonne] += compte["nombre"]
    return EtatDesLieux(region, date, list(lignes.values()))


@dataclass(frozen=True)
class ContratSigne:
    departement: str
    cpts_id: int
    nom: str
    signature: datetime.date | None
    taille: int | None
    population: int | None
    avertissement: str


def contrats_signes(region: str | None, date: datetime.date) -> list[ContratSigne]:
    """Les projets au contrat signé à la date, avec la date et la taille de leur contrat.

    Quand la décision de signature et la date du contrat ne concordent pas, la ligne porte un
    avertissement de qualité des données plutôt que de corriger l'une par l'autre.
    """
    signature_decidee = (
        DecisionEtape.objects.filter(cpts=OuterRef("pk"), transition=TransitionEtape.SIGNER_CONTRAT)
        .order_by("-date")
        .values("date")[:1]
    )
    projets = (
        projets_a_la_date(date, **({"region": region} if region else {}))
        .filter(etape_a_la_date=Etape.CONTRAT_SIGNE)
        .annotate(signature_decidee=Subquery(signature_decidee))
        .prefetch_related(Prefetch("contrats", queryset=Contrat.objects.order_by("signature", "pk")))
        .order_by("departement", "nom")
    )
    lignes = []
    for projet in projets:
        contrat = _contrat_a_la_date(list(projet.contrats.all()), date)
        lignes.append(
            ContratSigne(
                departement=projet.departement,
                cpts_id=projet.pk,
                nom=projet.nom,
                signature=contrat.signature if contrat else projet.signature_decidee,
                taille=contrat.taille if contrat else None,
                population=contrat.population if contrat else None,
                avertissement=_avertissement(contrat, projet.signature_decidee, date),
            )
        )
    return lignes


def _contrat_a_la_date(contrats: list[Contrat], date: datetime.date) -> Contrat | None:
    """Le dernier contrat signé à la date (un contrat renouvelé compte une fois, sous le contrat d'alors) ; à défaut,
    le premier, daté après (l'avertissement le dit)."""
    signes = [contrat for contrat in contrats if contrat.signature <= date]
    return signes[-1] if signes else next(iter(contrats), None)


def _avertissement(contrat: Contrat | None, decidee: datetime.date | None, date: datetime.date) -> str:
    if contrat is None:
        return "Qualité des données : projet compté comme signé, sans contrat enregistré."
    if decidee and decidee != contrat.signature:
        return (
            f"Qualité des données : le contrat est daté du {contrat.signature:%d/%m/%Y} mais la signature est "
            f"enregistrée dans les étapes au {decidee:%d/%m/%Y}."
        )
    if contrat.signature > date:
        return (
            f"Qualité des données : compté comme signé au {date:%d/%m/%Y}, "
            f"contrat daté du {contrat.signature:%d/%m/%Y}."
        )
    return ""


@dataclass(frozen=True)
class CouvertureRegion:
    code: str
    nom: str
    cpts_signees: int
    population_couverte: int
    habitants: int
    source: str

    @property
    def part(self) -> Decimal:
        return Decimal(self.population_couverte) / self.habitants if self.habitants else Decimal(0)


@dataclass(frozen=True)
class ChiffrePublie(CouvertureRegion):
    publie_le: datetime.date = datetime.date.min


def couverture_regions(date: datetime.date) -> list[CouvertureRegion]:
    """La couverture calculée, une seule définition : la population des communes des territoires en vigueur
    à la date des CPTS dont le contrat ACI est signé ce jour-là (`cpts.territoires.couverture`, colonne
    « contrat signé »), par région. Les chiffres publiés sont à part (`chiffres_publies`), jamais mêlés. Gardée en
    cache sous les versions des données (`cpts.territoires.deploiement`)."""
    return garder(f"couverture-regions:{date.isoformat()}", lambda: calculer_couverture_regions(date))


def calculer_couverture_regions(date: datetime.date) -> list[CouvertureRegion]:
    """La couverture par région calculée depuis la base, sans cache."""
    signees = dict(
        projets_a_la_date(date)
        .filter(etape_a_la_date=Etape.CONTRAT_SIGNE)
        .values("region")
        .annotate(nombre=Count("pk"))
        .order_by()
        .values_list("region", "nombre")
    )
    return [
        CouvertureRegion(
            ligne.code,
            ligne.nom,
            signees.get(ligne.code, 0),
            ligne.signee,
            ligne.habitants,
            "calculé",
        )
        for ligne in sorted(calculer_couverture("region", date), key=lambda ligne: ligne.nom)
    ]


def chiffres_publies(date: datetime.date) -> list[ChiffrePublie]:
    """Les chiffres de couverture publiés par les institutions, la plus récente publication à la date pour
    chaque zone, avec sa date et sa source : ce qu'ils disaient alors, pas la couverture du jour."""
    noms = dict(Region.objects.values_list("code", "nom")) | {"FR": "France"}
    lignes = []
    for zone, (chiffres, publie_le, source) in sorted(_dernieres_publications(date).items()):
        lignes.append(
            ChiffrePublie(
                zone,
                noms.get(zone, zone),
                chiffres.get(StatistiquePubliee.Indicateur.CPTS_SIGNEES, 0),
                chiffres.get(StatistiquePubliee.Indicateur.POPULATION_COUVERTE, 0),
                chiffres.get(StatistiquePubliee.Indicateur.HABITANTS, 0),
                source,
                publie_le,
            )
        )
    return lignes


def _dernieres_publications(date: datetime.date) -> dict[str, tuple[dict[str, int], datetime.date, str]]:
    par_zone: dict[str, dict[datetime.date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    sources: dict[tuple[str, datetime.date], str] = {}
    # Seules les publications qui donnent la population couverte font une ligne de ce tableau.
    dates_completes = StatistiquePubliee.objects.filter(
        date__lte=date, indicateur=StatistiquePubliee.Indicateur.POPULATION_COUVERTE
    ).values("zone", "date")
    for statistique in StatistiquePubliee.objects.filter(
        date__lte=date, zone__in=dates_completes.values("zone"), date__in=dates_completes.values("date")
    ):
        par_zone[statistique.zone][statistique.date][statistique.indicateur] = statistique.valeur
        sources[(statistique.zone, statistique.date)] = statistique.source
    resultat = {}
    for zone, par_date in par_zone.items():
        derniere = max(par_date)
        resultat[zone] = (par_date[derniere], derniere, sources[(zone, derniere)])
    return resultat


@dataclass(frozen=True)
class EtatPublie:
    zone: str
    nom: str
    comptes: dict[str, int]
    total: int
    publie_le: datetime.date
    source: str


# Les indicateurs publiés qui donnent chaque colonne de l'état des lieux.
COLONNES_PUBLIEES = {
    "dynamique": StatistiquePubliee.Indicateur.PROJETS_DYNAMIQUE,
    "pre_projet_valide": StatistiquePubliee.Indicateur.PROJETS_PRE_PROJET_VALIDE,
    "projet_sante_valide": StatistiquePubliee.Indicateur.PROJETS_PROJET_SANTE_VALIDE,
    "contrat_signe": StatistiquePubliee.Indicateur.CPTS_SIGNEES,
}


def etats_publies(date: datetime.date) -> list[EtatPublie]:
    """Les projets par étape tels que publiés (France, régions), la plus récente publication à la date pour chaque
    zone qui publie un total de projets : repris sans calcul, à part de l'état des lieux calculé."""
    noms = dict(Region.objects.values_list("code", "nom")) | {"FR": "France"}
    totaux = StatistiquePubliee.objects.filter(date__lte=date, indicateur=StatistiquePubliee.Indicateur.PROJETS_TOTAL)
    dernieres: dict[str, StatistiquePubliee] = {}
    for total in totaux.order_by("zone", "date"):
        dernieres[total.zone] = total
    lignes = []
    for zone, total in sorted(dernieres.items()):
        chiffres = dict(
            StatistiquePubliee.objects.filter(zone=zone, date=total.date).values_list("indicateur", "valeur")
        )
        comptes = {colonne: chiffres.get(indicateur, 0) for colonne, indicateur in COLONNES_PUBLIEES.items()}
        lignes.append(EtatPublie(zone, noms.get(zone, zone), comptes, total.valeur, total.date, total.source))
    return lignes


@dataclass(frozen=True)
class PaiementsAnnee:
    annee: int
    par_mission: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.par_mission.values(), Decimal("0.00"))


def paiements(region: str | None, date: datetime.date) -> list[PaiementsAnnee]:
    """Les sommes versées (hors paiements annulés) par année civile et par mission, jusqu'à la date."""
    versements = Paiement.objects.filter(date__lte=date, annulation__isnull=True)
    if region:
        # Les CPTS de la région en sous-requête : la base part de leurs contrats (index) au lieu de parcourir tous
        # les versements du pays.
        versements = versements.filter(contrat__cpts__in=Cpts.objects.filter(region=region))
    par_annee: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for ligne in (
        versements.values("date__year", "mission").annotate(montant=Sum("montant")).order_by("date__year", "mission")
    ):
        par_annee[ligne["date__year"]][ligne["mission"]] = ligne["montant"]
    return [PaiementsAnnee(annee, missions) for annee, missions in sorted(par_annee.items())]
