"""Les comptes annuels déposés par les CPTS de la démonstration : une région bien tenue n'a pas de comptes en retard.

Chaque exercice clos depuis la signature du premier contrat reçoit en produits l'ACI versée dans l'année (le registre
des versements, mission par mission) et en charges la même somme, aux sept dixièmes en personnel de coordination et
le reste en prestations : résultat nul, réserves inchangées, comptes équilibrés. Déposés le 30 avril de l'année
suivante, dans le délai de dépôt. Écrits en bloc, comme les valeurs et les versements de la démonstration.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Min
from django.utils import timezone

from cpts.comptabilite import sources
from cpts.comptabilite.enums import Statut
from cpts.comptabilite.models import Exercice, LigneExercice
from cpts.comptes.models import Utilisateur
from cpts.contrats.peremption import peremption_groupee
from cpts.dossiers.models import Cpts

PART_PERSONNEL = Decimal("0.7")
PARIS = ZoneInfo("Europe/Paris")


def _lignes(exercice: Exercice, aci: dict[str, Decimal]) -> list[LigneExercice]:
    lignes = []
    for mission, montant in aci.items():
        personnel = (montant * PART_PERSONNEL).quantize(Decimal("0.01"))
        for poste, somme in (("aci", montant), ("personnel", personnel), ("prestations", montant - personnel)):
            if somme:
                lignes.append(LigneExercice(exercice=exercice, poste=poste, mission=mission, montant=somme))
    return lignes


@peremption_groupee()
def deposer_les_comptes(agent: Utilisateur, regions: tuple[str, ...], jusqu_au: datetime.date) -> int:
    """Dépose les comptes de chaque exercice clos des CPTS sous contrat des régions ; rend leur nombre.

    Les lignes des comptes s'écrivent en masse, hors des signaux : c'est l'exercice enregistré qui périme l'état des
    contrats de sa CPTS (l'emploi des fonds entre dans les alertes), à la fin du bloc, ses lignes écrites."""
    deposes = 0
    cpts_sous_contrat = Cpts.objects.filter(region__in=regions).annotate(debut=Min("contrats__signature"))
    for cpts in cpts_sous_contrat.filter(debut__isnull=False).order_by("pk"):
        for annee in range(cpts.debut.year, jusqu_au.year):
            if Exercice.objects.filter(cpts=cpts, annee=annee).exists():
                continue
            depot = datetime.datetime(annee + 1, 4, 30, 12, tzinfo=PARIS)
            exercice = Exercice.objects.create(
                cpts=cpts,
                annee=annee,
                statut=Statut.DEPOSE,
                depose_le=min(depot, timezone.now()),
                depose_par=agent,
                population=sources.population(cpts),
            )
            LigneExercice.objects.bulk_create(_lignes(exercice, sources.versements_de_l_annee(cpts, annee)))
            deposes += 1
    return deposes
