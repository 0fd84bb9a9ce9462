"""Population couverte par les CPTS à une date, par département, par région ou pour la France.

Chaque projet compte à l'étape où il était ce jour-là, avec le territoire alors en vigueur.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from cpts.dossiers.enums import ETAPES_FERMEES, Etape
from cpts.dossiers.etape_datee import engage_a_la_date, etape_a_la_date
from cpts.territoires.composition import territoire_valide_le
from cpts.territoires.models import Departement, Region, UniteTerritoire

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
    """Une ligne par zone (toutes les zones, couvertes ou non) ; « france » donne une seule ligne."""
    if niveau not in NIVEAUX:
        raise ValueError(f"Niveau inconnu : {niveau} (choisir parmi {', '.join(NIVEAUX)}).")
    if niveau == "departement":
        lignes = {d.code: LigneCouverture(d.code, d.nom, d.population) for d in Departement.objects.all()}
        cle = "commune__departement_id"
    else:
        lignes = {r.code: LigneCouverture(r.code, r.nom, r.population) for r in Region.objects.all()}
        cle = "commune__region_id"
    sommes = (
        UniteTerritoire.objects.filter(territoire_valide_le(date))
        .filter(engage_a_la_date(date, "territoire__cpts"))
        .annotate(etape=etape_a_la_date(date, "territoire__cpts"))
        .exclude(etape__in=ETAPES_FERMEES)
        .values(cle, "etape")
        .annotate(population=Sum("commune__population"))
        .order_by()
    )
    for somme in sommes:
        ligne = lignes[somme[cle]]
        etape = somme["etape"]
        ligne.par_etape[etape] = ligne.par_etape.get(etape, 0) + somme["population"]
    resultat = sorted(lignes.values(), key=lambda ligne: ligne.code)
    if niveau == "france":
        france = LigneCouverture("FR", "France", sum(ligne.habitants for ligne in resultat))
        for ligne in resultat:
            for etape, population in ligne.par_etape.items():
                france.par_etape[etape] = france.par_etape.get(etape, 0) + population
        return [france]
    return resultat
