"""Les types des champs de l'API qui portent une borne (section « Limites » du README)."""

import datetime
import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from cpts import bornes


def _dans_les_bornes(jour: datetime.date) -> datetime.date:
    if refus := bornes.date_hors_bornes(jour):
        raise ValueError(refus[0].upper() + refus[1:])
    return jour


# Une date d'activité de CPTS : l'an 1 ou l'an 9999 sont des fautes de saisie, pas des dates à calculer.
Jour = Annotated[datetime.date, AfterValidator(_dans_les_bornes)]


_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


def _decimal_ecrit_en_clair(valeur: object) -> object:
    # « 1e3 », « NaN », « Infinity » se liraient comme des nombres : un montant s'écrit en chiffres, « 12500.00 ».
    if isinstance(valeur, str) and not _DECIMAL.fullmatch(valeur.strip()):
        raise ValueError(f"« {valeur} » n'est pas un nombre écrit en chiffres, avec un point décimal (12500.00)")
    if (isinstance(valeur, float) and valeur != valeur) or valeur in (float("inf"), float("-inf")):
        raise ValueError("un nombre fini est attendu")
    return valeur


# Un nombre décimal (montant, taux, valeur d'indicateur) : chiffres et point décimal, sans exposant.
Nombre = Annotated[Decimal, BeforeValidator(_decimal_ecrit_en_clair)]
