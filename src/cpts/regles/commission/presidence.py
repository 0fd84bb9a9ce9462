"""Présidence de la commission, alternée entre les sections par année civile."""

from datetime import date

from cpts.regles.commission.parametres import valeur
from cpts.regles.commission.vocabulaire import Section


def section_presidente(annee: int, annee_installation: int) -> Section | None:
    """La section qui préside la commission l'année civile `annee` (None avant l'installation)."""
    if annee < annee_installation:
        return None
    le = date(annee, 12, 31)
    premiere = Section(valeur("presidence.premiere_section", le))
    duree = int(valeur("presidence.alternance_annees", le))
    return premiere if ((annee - annee_installation) // duree) % 2 == 0 else premiere.autre
