"""Calendrier du contrat : mois ajoutés et anniversaires, le dernier jour du mois faisant butée."""

import calendar
import re
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


FORMES_DU_JOUR = "JJ/MM/AAAA ou AAAA-MM-JJ"
_JOUR_FR = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_JOUR_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def lire_jour(texte: str) -> date | None:
    """Un jour écrit à la française (31/12/2024) ou à la norme ISO (2024-12-31) ; None s'il est mal écrit ou
    n'existe pas (31/02/2024) : deviner un autre jour que celui voulu serait pire qu'un refus."""
    texte = texte.strip()
    if lu := _JOUR_FR.fullmatch(texte):
        jour, mois, annee = lu.groups()
    elif lu := _JOUR_ISO.fullmatch(texte):
        annee, mois, jour = lu.groups()
    else:
        return None
    try:
        return date(int(annee), int(mois), int(jour))
    except ValueError:
        return None
