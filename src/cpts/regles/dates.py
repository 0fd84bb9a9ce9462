"""Calendrier du contrat : mois ajoutés et anniversaires, le dernier jour du mois faisant butée."""

import calendar
from datetime import date
from functools import lru_cache


# Un échéancier demande sans cesse les mêmes dates (anniversaires + 2 mois) : les garder coûte peu.
@lru_cache(maxsize=8192)
def ajouter_mois(jour: date, mois: int) -> date:
    """Le même quantième `mois` plus tard, ramené au dernier jour du mois s'il n'existe pas (31 → 30)."""
    rang = jour.year * 12 + (jour.month - 1) + mois
    annee, mois_cible = divmod(rang, 12)
    dernier = calendar.monthrange(annee, mois_cible + 1)[1]
    return date(annee, mois_cible + 1, min(jour.day, dernier))


def anniversaire(signature: date, annees: int) -> date:
    """Compté depuis la signature et non d'anniversaire en anniversaire, un 29 février le reste
    les années bissextiles au lieu de glisser pour toujours au 28."""
    return ajouter_mois(signature, 12 * annees)


def jour_fr(jour: date) -> str:
    return jour.strftime("%d/%m/%Y")
