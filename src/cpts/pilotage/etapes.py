"""Les colonnes des tableaux publiés et les projets à une date."""

import datetime

from django.db.models import QuerySet

from cpts.dossiers.enums import Etape
from cpts.dossiers.etape_datee import engage_a_la_date, etape_a_la_date
from cpts.dossiers.models import Cpts

# Les colonnes des tableaux publiés ([cpr-aura-2021-06-09], « ETAT DES LIEUX DES CPTS EN AURA ») : chaque étape de
# la plateforme tombe dans l'une d'elles ; un projet abandonné ou fusionné n'est plus compté.
COLONNES = {
    "dynamique": (Etape.DYNAMIQUE, Etape.LETTRE_INTENTION),
    "pre_projet_valide": (Etape.PRE_PROJET_VALIDE, Etape.PROJET_SANTE_DEPOSE),
    "projet_sante_valide": (Etape.PROJET_SANTE_VALIDE,),
    "contrat_signe": (Etape.CONTRAT_SIGNE,),
}
LIBELLES = {
    "dynamique": "Dynamiques",
    "pre_projet_valide": "Pré-projets validés",
    "projet_sante_valide": "Projets de santé validés",
    "contrat_signe": "Contrats ACI signés",
}
COLONNE_DE = {etape: colonne for colonne, etapes in COLONNES.items() for etape in etapes}


def projets_a_la_date(date: datetime.date, **filtres: object) -> QuerySet[Cpts]:
    """Les projets engagés à la date, annotés de leur étape ce jour-là (`etape_a_la_date`)."""
    return Cpts.objects.filter(**filtres).filter(engage_a_la_date(date)).annotate(etape_a_la_date=etape_a_la_date(date))
