"""Exports tabulaires déclarés une fois : des colonnes, puis CSV pour Excel en français, XLSX ou PDF.

CSV : séparateur « ; », UTF-8 avec BOM (Excel en français l'ouvre sans assistant). Une cellule texte
qui commence par =, +, - ou @ serait exécutée comme une formule par un tableur : elle est neutralisée
par une apostrophe en tête. Les nombres s'écrivent avec la virgule décimale et sans séparateur de milliers
(« 247125,00 ») : c'est ce qu'Excel en français lit comme un nombre, alors qu'une espace de milliers (même
insécable) en ferait du texte qu'on ne peut plus additionner. Les montants gardent deux décimales, les parts et
autres nombres au plus quatre (jamais les 28 chiffres d'une division de Decimal) ; les dates s'écrivent
JJ/MM/AAAA.

XLSX : les nombres et les dates sont des cellules typées (une date est une vraie date, affichée JJ/MM/AAAA), avec
un format selon la colonne (montant en euros, entier, pourcentage) ; la ligne d'en-tête est en gras et figée.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cpts import affichage

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DECIMALES_MAX = 4

# Ce qu'est le nombre d'une colonne, quand le type de la valeur ne suffit pas à le dire (une part est un Decimal
# comme un montant) : il décide des décimales du CSV et du format de la cellule XLSX.
SorteDeNombre = Literal["", "montant", "entier", "part"]
FORMATS_XLSX = {
    "montant": '#,##0.00 "€"',
    "entier": "#,##0",
    "part": "0.0%",
    "decimal": "#,##0.00",
    "date": "DD/MM/YYYY",
    "horodatage": "DD/MM/YYYY HH:MM",
}


@dataclass(frozen=True)
class Colonne:
    titre: str
    valeur: Callable[[Any], Any]
    nombre: SorteDeNombre = ""


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
            [texte_csv(cellule, colonne.nombre) for cellule, colonne in zip(ligne, colonnes, strict=True)]
        )
    return ("\ufeff" + sortie.getvalue()).encode("utf-8")


def decimal_arrondi(valeur: float | Decimal, nombre: SorteDeNombre = "") -> Decimal:
    """Un nombre à virgule tel qu'on l'écrit : deux décimales pour un montant, au plus quatre sinon."""
    exact = Decimal(repr(valeur)) if isinstance(valeur, float) else valeur
    if nombre == "montant":
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    exposant = exact.as_tuple().exponent
    if isinstance(exposant, int) and exposant < -DECIMALES_MAX:
        return exact.quantize(Decimal(1).scaleb(-DECIMALES_MAX), rounding=ROUND_HALF_UP).normalize()
    return exact


def texte_csv(cellule: Any, nombre: SorteDeNombre = "") -> Any:
    """Une cellule comme Excel en français la lit : « 0,1477 », « 247125,00 », « 31/12/2024 »."""
    if isinstance(cellule, bool) or cellule is None:
        return "" if cellule is None else ("oui" if cellule else "non")
    if isinstance(cellule, float | Decimal):
        return f"{decimal_arrondi(cellule, nombre):f}".replace(".", ",")
    if isinstance(cellule, datetime.datetime):
        return f"{timezone.localtime(cellule) if timezone.is_aware(cellule) else cellule:%d/%m/%Y %H:%M}"
    if isinstance(cellule, datetime.date):
        return f"{cellule:%d/%m/%Y}"
    return cellule


_TITRE_INTERDIT = re.compile(r"[\\/?*\[\]:\x00-\x1f\x7f]")
_CONTROLE = re.compile(r"[\x00-\x1f\x7f]+")


def piece_jointe(nom: str) -> str:
    """L'en-tête Content-Disposition d'un téléchargement : guillemets échappés, accents encodés (RFC 6266), et
    aucun caractère de contrôle (un retour à la ligne ferait un en-tête invalide)."""
    return content_disposition_header(True, _CONTROLE.sub(" ", nom).strip() or "export")


def _cellule_xlsx(cellule: Any, nombre: SorteDeNombre) -> tuple[Any, str | None]:
    """La valeur typée d'une cellule XLSX et son format de nombre (aucun : format général)."""
    if isinstance(cellule, str):
        return _CONTROLE.sub(" ", cellule), None
    if isinstance(cellule, bool) or cellule is None:
        return cellule, None
    if isinstance(cellule, datetime.datetime):
        local = timezone.localtime(cellule) if timezone.is_aware(cellule) else cellule
        return local.replace(tzinfo=None), FORMATS_XLSX["horodatage"]
    if isinstance(cellule, datetime.date):
        return cellule, FORMATS_XLSX["date"]
    if isinstance(cellule, float | Decimal):
        arrondi = decimal_arrondi(cellule, nombre)
        return arrondi, FORMATS_XLSX[nombre or ("montant" if arrondi.as_tuple().exponent == -2 else "decimal")]
    if isinstance(cellule, int) and nombre:
        return cellule, FORMATS_XLSX[nombre]
    return cellule, None


def remplir_feuille(feuille: Worksheet, colonnes: list[Colonne], objets: Iterable[Any]) -> None:
    """Une feuille d'export : en-tête en gras et figé, cellules typées et mises en forme, colonnes à leur largeur."""
    feuille.append([colonne.titre for colonne in colonnes])
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    feuille.freeze_panes = "A2"
    largeurs = [len(colonne.titre) for colonne in colonnes]
    for ligne in lignes(colonnes, objets):
        typees = [_cellule_xlsx(cellule, colonne.nombre) for cellule, colonne in zip(ligne, colonnes, strict=True)]
        feuille.append([valeur for valeur, _ in typees])
        for i, (cellule, (valeur, format_)) in enumerate(zip(feuille[feuille.max_row], typees, strict=True)):
            if format_:
                cellule.number_format = format_
            largeurs[i] = max(largeurs[i], len(str(valeur)) if valeur is not None else 0)
    for i, largeur in enumerate(largeurs, start=1):
        feuille.column_dimensions[get_column_letter(i)].width = min(max(largeur, 8) + 2, 60)


def contenu_xlsx(colonnes: list[Colonne], objets: Iterable[Any], titre: str) -> bytes:
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = titre_de_feuille(titre)
    remplir_feuille(feuille, colonnes, objets)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def titre_de_feuille(titre: str) -> str:
    # Excel refuse certains caractères dans un titre de feuille, et plus de 31 caractères.
    return _TITRE_INTERDIT.sub("-", titre)[:31] or "Export"


def contenu_pdf(titre: str, colonnes: list[Colonne], objets: Iterable[Any], notes: Iterable[str] = ()) -> bytes:
    # WeasyPrint se charge en plus d'une seconde : seulement quand un PDF est demandé, pas à chaque commande qui
    # écrit un CSV (import du portefeuille, exports).
    from cpts import pdf

    brutes = list(lignes(colonnes, objets))
    tableau = pdf.Tableau(
        [c.titre for c in colonnes],
        [
            [_texte_pdf(cellule, colonne.nombre) for cellule, colonne in zip(ligne, colonnes, strict=True)]
            for ligne in brutes
        ],
        a_droite=frozenset(i for i in range(len(colonnes)) if any(_est_nombre(ligne[i]) for ligne in brutes)),
    )
    contexte = {"tableau": tableau, "notes": list(notes)}
    return pdf.document("pdf/tableau.html", contexte, titre, paysage=len(colonnes) > 6)


def _est_nombre(cellule: Any) -> bool:
    return isinstance(cellule, int | float | Decimal) and not isinstance(cellule, bool)


def _texte_pdf(cellule: Any, nombre: SorteDeNombre = "") -> str:
    if isinstance(cellule, bool) or cellule is None:
        return "" if cellule is None else ("oui" if cellule else "non")
    if nombre == "part" and isinstance(cellule, int | float | Decimal):
        return affichage.pourcentage(decimal_arrondi(cellule))
    if isinstance(cellule, int):
        return affichage.nombre(cellule)
    if isinstance(cellule, float | Decimal):
        return affichage.nombre(decimal_arrondi(cellule), 2)
    if isinstance(cellule, datetime.date):
        return str(texte_csv(cellule))
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
