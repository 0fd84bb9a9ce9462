"""Exports tabulaires déclarés une fois : des colonnes, puis CSV pour Excel en français, XLSX ou PDF.

CSV : séparateur « ; », UTF-8 avec BOM (Excel en français l'ouvre sans assistant). Une cellule texte
qui commence par =, +, - ou @ serait exécutée comme une formule par un tableur : elle est neutralisée
par une apostrophe en tête.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from cpts import affichage, pdf

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


def _texte_csv(cellule: Any) -> Any:
    # Excel en français lit « 0,147 » comme un nombre, pas « 0.147 » ; une date s'écrit JJ/MM/AAAA.
    if isinstance(cellule, float | Decimal):
        return str(cellule).replace(".", ",")
    if isinstance(cellule, datetime.date):
        return f"{cellule:%d/%m/%Y}"
    return cellule


_TITRE_INTERDIT = re.compile(r"[\\/?*\[\]:\x00-\x1f\x7f]")
_CONTROLE = re.compile(r"[\x00-\x1f\x7f]+")


def piece_jointe(nom: str) -> str:
    """L'en-tête Content-Disposition d'un téléchargement : guillemets échappés, accents encodés (RFC 6266), et
    aucun caractère de contrôle (un retour à la ligne ferait un en-tête invalide)."""
    return content_disposition_header(True, _CONTROLE.sub(" ", nom).strip() or "export")


def contenu_xlsx(colonnes: list[Colonne], objets: Iterable[Any], titre: str) -> bytes:
    classeur = Workbook()
    feuille = classeur.active
    # Excel refuse certains caractères dans un titre de feuille, et tout caractère de contrôle dans une cellule.
    feuille.title = _TITRE_INTERDIT.sub("-", titre)[:31] or "Export"
    feuille.append([colonne.titre for colonne in colonnes])
    for ligne in lignes(colonnes, objets):
        feuille.append([_CONTROLE.sub(" ", c) if isinstance(c, str) else c for c in ligne])
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def contenu_pdf(titre: str, colonnes: list[Colonne], objets: Iterable[Any], notes: Iterable[str] = ()) -> bytes:
    brutes = list(lignes(colonnes, objets))
    tableau = pdf.Tableau(
        [c.titre for c in colonnes],
        [[_texte_pdf(cellule) for cellule in ligne] for ligne in brutes],
        a_droite=frozenset(i for i in range(len(colonnes)) if any(_est_nombre(ligne[i]) for ligne in brutes)),
    )
    contexte = {"tableau": tableau, "notes": list(notes)}
    return pdf.document("pdf/tableau.html", contexte, titre, paysage=len(colonnes) > 6)


def _est_nombre(cellule: Any) -> bool:
    return isinstance(cellule, int | float | Decimal) and not isinstance(cellule, bool)


def _texte_pdf(cellule: Any) -> str:
    if isinstance(cellule, bool) or cellule is None:
        return "" if cellule is None else ("oui" if cellule else "non")
    if isinstance(cellule, int | Decimal):
        return affichage.nombre(cellule, 0 if isinstance(cellule, int) else 2)
    if isinstance(cellule, datetime.date):
        return f"{cellule:%d/%m/%Y}"
    return str(cellule)


def reponse_pdf(
    nom_fichier: str, titre: str, colonnes: list[Colonne], objets: Iterable[Any], notes: Iterable[str] = ()
) -> HttpResponse:
    reponse = HttpResponse(contenu_pdf(titre, colonnes, objets, notes), content_type="application/pdf")
    reponse["Content-Disposition"] = piece_jointe(f"{nom_fichier}.pdf")
    return reponse


def reponse_csv(nom_fichier: str, colonnes: list[Colonne], objets: Iterable[Any]) -> HttpResponse:
    reponse = HttpResponse(contenu_csv(colonnes, objets), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = piece_jointe(f"{nom_fichier}.csv")
    return reponse


def reponse_xlsx(nom_fichier: str, colonnes: list[Colonne], objets: Iterable[Any]) -> HttpResponse:
    reponse = HttpResponse(contenu_xlsx(colonnes, objets, nom_fichier), content_type=TYPE_XLSX)
    reponse["Content-Disposition"] = piece_jointe(f"{nom_fichier}.xlsx")
    return reponse
