"""Population couverte par les CPTS à une date, par département, par région ou pour la France.

Chaque projet compte à l'étape où il était ce jour-là, avec le territoire alors en vigueur.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from cpts.dossiers.enums import ETAPES_FERMEES, Etape
from cpts.dossiers.etape_datee import engage_a_la_date, etape_a_la_date
from cpts.dossiers.models import Cpts
from cpts.territoires.composition import territoire_valide_le
from cpts.territoires.deploiement import garder
from cpts.territoires.models import Departement, PopulationTerritoire, Region

NIVEAUX = ("region", "departement", "france")


@dataclass
class LigneCouverture:
    code: str
    nom: str
    habitants: int
    par_etape: dict[str, int] = field(default_factory=dict)

    @property
    def couverte(self) -> int:
        return sum(self.par_etape.values())

    @property
    def signee(self) -> int:
        return self.par_etape.get(Etape.CONTRAT_SIGNE, 0)

    @property
    def part_couverte(self) -> Decimal:
        return Decimal(self.couverte) / self.habitants if self.habitants else Decimal(0)

    @property
    def part_signee(self) -> Decimal:
        return Decimal(self.signee) / self.habitants if self.habitants else Decimal(0)


def couverture(niveau: str, date: datetime.date) -> list[LigneCouverture]:
    """Une ligne par zone (toutes les zones, couvertes ou non) ; « france » donne une seule ligne. Gardée en cache
    sous les versions des données (`cpts.territoires.deploiement`) : une page relue ne refait pas la somme."""
    if niveau not in NIVEAUX:
        raise ValueError(f"Niveau inconnu : {niveau} (choisir parmi {', '.join(NIVEAUX)}).")
    return garder(f"couverture:{niveau}:{date.isoformat()}", lambda: calculer(niveau, date))


def calculer(niveau: str, date: datetime.date) -> list[LigneCouverture]:
    """La couverture calculée depuis la base, sans cache."""
    if niveau == "departement":
        lignes = {d.code: LigneCouverture(d.code, d.nom, d.population) for d in Departement.objects.all()}
        cle = "departement_id"
    else:
        lignes = {r.code: LigneCouverture(r.code, r.nom, r.population) for r in Region.objects.all()}
        cle = "region_id"
    for (zone, etape), population in population_par_zone(date, cle).items():
        ligne = lignes[zone]
        ligne.par_etape[etape] = ligne.par_etape.get(etape, 0) + population
    resultat = sorted(lignes.values(), key=lambda ligne: ligne.code)
    if niveau == "france":
        france = LigneCouverture("FR", "France", sum(ligne.habitants for ligne in resultat))
        for ligne in resultat:
            for etape, population in ligne.par_etape.items():
                france.par_etape[etape] = france.par_etape.get(etape, 0) + population
        return [france]
    return resultat


def population_par_zone(date: datetime.date, cle: str) -> dict[tuple[str, str], int]:
    """Population des territoires en vigueur à la date, par zone (`cle` : "departement_id" ou "region_id") et par
    étape de la CPTS ce jour-là ; les projets pas encore engagés, abandonnés ou fusionnés ne comptent pas.

    Deux requêtes quel que soit le nombre de projets. L'étape à une date est une sous-requête : calculée une fois
    par CPTS (un millier) et non une fois par commune de territoire (des dizaines de milliers). Les populations sont
    celles de chaque version de territoire par zone (`cpts.territoires.populations`) : un millier de lignes au lieu
    des communes des territoires.
    """
    etapes = dict(
        Cpts.objects.filter(engage_a_la_date(date))
        .annotate(etape_date=etape_a_la_date(date))
        .exclude(etape_date__in=ETAPES_FERMEES)
        .values_list("pk", "etape_date")
    )
    sommes = (
        PopulationTerritoire.objects.filter(territoire_valide_le(date))
        .values("territoire__cpts_id", cle)
        .annotate(somme=Sum("population"))
        .order_by()
        .values_list("territoire__cpts_id", cle, "somme")
    )
    resultat: dict[tuple[str, str], int] = defaultdict(int)
    for cpts_id, zone, population in sommes:
        if cpts_id in etapes:
            resultat[(zone, etapes[cpts_id])] += population
    return dict(resultat)
