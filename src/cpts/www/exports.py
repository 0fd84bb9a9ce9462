"""L'export demandé à une page : le format (CSV ou XLSX) choisit l'écrivain de `cpts.exports`. Tout autre format
reste à la vue (la page elle-même, un PDF, du GeoJSON)."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from cpts import exports

ECRIVAINS = {"csv": exports.reponse_csv, "xlsx": exports.reponse_xlsx}


def exporter(
    format_: str | None, nom: str, colonnes: list[exports.Colonne], objets: Iterable[Any]
) -> HttpResponse | None:
    """Le fichier `nom.csv` ou `nom.xlsx` ; None si le format demandé n'est pas l'un des deux."""
    ecrire = ECRIVAINS.get(format_ or "")
    return ecrire(nom, colonnes, objets) if ecrire else None
