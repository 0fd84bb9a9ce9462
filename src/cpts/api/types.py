"""Les types des champs de l'API qui portent une borne (section « Limites » du README)."""

import datetime
from typing import Annotated

from pydantic import AfterValidator

from cpts import bornes


def _dans_les_bornes(jour: datetime.date) -> datetime.date:
    if refus := bornes.date_hors_bornes(jour):
        raise ValueError(refus[0].upper() + refus[1:])
    return jour


# Une date d'activité de CPTS : l'an 1 ou l'an 9999 sont des fautes de saisie, pas des dates à calculer.
Jour = Annotated[datetime.date, AfterValidator(_dans_les_bornes)]
