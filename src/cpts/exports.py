"""Exports tabulaires déclarés une fois : des colonnes, puis CSV pour Excel en français ou XLSX.

CSV : séparateur « ; », UTF-8 avec BOM (Excel en français l'ouvre sans assistant). Une cellule texte
qui commence par =, +, - ou @ serait exécutée comme une formule par un tableur : elle est neutralisée
par une apostrophe en tête.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Colonne:
    titre: str
    valeur: Callable[[Any], Any]


def neutraliser(valeur: Any) -> Any:
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return f"'{valeur}"
    return valeur


def lignes(colonnes: list[Colonne], objets: Iterable[Any]) -> Iterable[list[Any]]:
    for objet in objets:
        yield [neutraliser(colonne.valeur(objet)) for colonne in colonnes]


def contenu_csv(colonnes: list[Colonne], objets: Iterable[Any]) -> bytes:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([colonne.titre for colonne in colonnes])
    for ligne in lignes(colonnes, objets):
        ecrivain.writerow(
            [str(cellule).replace(".", ",") if isinstance(cellule, float) else cellule for cellule in ligne]
        )
    return ("\ufeff" + sortie.getvalue()).encode("utf-8")


def contenu_xlsx(colonnes: list[Colonne], objets: Iterable[Any], titre: str) -> bytes:
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = titre[:31]
    feuille.append([colonne.titre for colonne in colonnes])
    for ligne in lignes(colonnes, objets):
        feuille.append(ligne)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def reponse_csv(nom_fichier: str, colonnes: list[Colonne], objets: Iterable[Any]) -> HttpResponse:
    reponse = HttpResponse(contenu_csv(colonnes, objets), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}.csv"'
    return reponse


def reponse_xlsx(nom_fichier: str, colonnes: list[Colonne], objets: Iterable[Any]) -> HttpResponse:
    reponse = HttpResponse(contenu_xlsx(colonnes, objets, nom_fichier), content_type=TYPE_XLSX)
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}.xlsx"'
    return reponse
