"""Le nombre de projets par étape, mois après mois : deux requêtes, puis le calcul en mémoire."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from cpts.dossiers.models import Cpts, DecisionEtape
from cpts.pilotage.etapes import COLONNE_DE, COLONNES
from cpts.regles.dates import ajouter_mois


@dataclass(frozen=True)
class Point:
    date: datetime.date
    comptes: dict[str, int]


def fins_de_trimestre(debut: datetime.date, fin: datetime.date) -> list[datetime.date]:
    """Le dernier jour de chaque trimestre civil entre les deux dates, puis la date de fin elle-même."""
    jour = datetime.date(debut.year, ((debut.month - 1) // 3) * 3 + 1, 1)
    dates = []
    while True:
        fin_trimestre = ajouter_mois(jour, 3) - datetime.timedelta(days=1)
        if fin_trimestre >= fin:
            break
        dates.append(fin_trimestre)
        jour = ajouter_mois(jour, 3)
    return [*dates, fin]


def evolution(region: str | None, fin: datetime.date) -> list[Point]:
    projets = Cpts.objects.all()
    decisions = DecisionEtape.objects.filter(date__lte=fin)
    if region:
        projets = projets.filter(region=region)
        decisions = decisions.filter(cpts__region=region)
    engagements = {
        pk: (depuis, etape, etape_depuis)
        for pk, depuis, etape, etape_depuis in projets.values_list("pk", "dynamique_depuis", "etape", "etape_depuis")
    }
    historiques: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for cpts_id, date, etape in decisions.order_by("date", "pk").values_list("cpts_id", "date", "etape_apres"):
        historiques[cpts_id].append((date, etape))
    debuts = [d for d, _, _ in engagements.values() if d] + [h[0][0] for h in historiques.values()]
    if not debuts:
        return []
    points = []
    for date in fins_de_trimestre(min(debuts), fin):
        comptes = dict.fromkeys(COLONNES, 0)
        for pk, (depuis, actuelle, actuelle_depuis) in engagements.items():
            historique = historiques.get(pk)
            if (depuis is None or depuis > date) and not (historique and historique[0][0] <= date):
                continue
            etape = _etape(historique, actuelle, actuelle_depuis, date)
            if etape and (colonne := COLONNE_DE.get(etape)):
                comptes[colonne] += 1
        points.append(Point(date, comptes))
    return points


def _etape(
    historique: list[tuple[datetime.date, str]] | None,
    actuelle: str,
    actuelle_depuis: datetime.date | None,
    date: datetime.date,
) -> str | None:
    # Même règle que cpts.dossiers.etape_datee : sans aucune décision, l'étape actuelle depuis sa date.
    if not historique:
        return actuelle if actuelle_depuis is None or actuelle_depuis <= date else "dynamique"
    passees = [etape for jour, etape in historique if jour <= date]
    return passees[-1] if passees else "dynamique"
