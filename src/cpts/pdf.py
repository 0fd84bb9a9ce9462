"""Composer des PDF en français avec ReportLab (Platypus) : styles, paragraphes, tableaux, pied de page.

ReportLab plutôt qu'un écrivain PDF fait main : nos documents ont des tableaux, des paragraphes longs à
couper et des pages à numéroter ; Platypus compose tout cela en Python pur (licence BSD). Polices de base
Helvetica, encodage WinAnsi : accents, œ, guillemets et € passent ; les rares caractères hors de cet encodage
sont remplacés.
"""

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

STYLES = getSampleStyleSheet()
TITRE = ParagraphStyle("titre", parent=STYLES["Title"], fontSize=16, spaceAfter=4 * mm)
SECTION = ParagraphStyle("section", parent=STYLES["Heading2"], fontSize=12, spaceBefore=4 * mm)
LIBELLE = ParagraphStyle("libelle", parent=STYLES["Normal"], fontName="Helvetica-Bold", spaceBefore=2 * mm)
TEXTE = ParagraphStyle("texte", parent=STYLES["Normal"], leading=13)
PETIT = ParagraphStyle("petit", parent=STYLES["Normal"], fontSize=8, leading=10, textColor=colors.grey)
CELLULE = ParagraphStyle("cellule", parent=STYLES["Normal"], fontSize=8, leading=10)
MARGE = 18 * mm


def propre(texte: object) -> str:
    """Texte sûr pour Platypus (balises échappées) et pour l'encodage WinAnsi des polices de base."""
    brut = str(texte).replace("\u202f", "\u00a0").replace("\u2009", " ")
    brut = brut.encode("cp1252", errors="replace").decode("cp1252")
    return escape(brut).replace("\n", "<br/>")


def paragraphe(texte: object, style: ParagraphStyle = TEXTE) -> Paragraph:
    return Paragraph(propre(texte), style)


def tableau(entetes: Sequence[str], lignes: Sequence[Sequence[object]], largeurs: list[float] | None = None) -> Table:
    donnees = [[paragraphe(entete, CELLULE) for entete in entetes]]
    donnees += [[paragraphe(cellule, CELLULE) for cellule in ligne] for ligne in lignes] or [
        [paragraphe("Aucun", CELLULE)] + [""] * (len(entetes) - 1)
    ]
    rendu = Table(donnees, colWidths=largeurs, repeatRows=1)
    rendu.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e3fd")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return rendu


def document(titre: str, elements: list[object], pied: str = "", paysage: bool = False) -> bytes:
    """Le PDF complet : les éléments, et en bas de chaque page le pied et le numéro de page."""
    sortie = io.BytesIO()
    format_page = landscape(A4) if paysage else A4
    pdf = SimpleDocTemplate(
        sortie,
        pagesize=format_page,
        title=titre,
        author="Pilotage CPTS",
        leftMargin=MARGE,
        rightMargin=MARGE,
        topMargin=MARGE,
        bottomMargin=MARGE,
    )

    def pied_de_page(canevas: object, gabarit: object) -> None:
        canevas.saveState()
        canevas.setFont("Helvetica", 8)
        canevas.drawString(MARGE, 10 * mm, (pied or titre)[:110].encode("cp1252", "replace").decode("cp1252"))
        canevas.drawRightString(format_page[0] - MARGE, 10 * mm, f"Page {gabarit.page}")
        canevas.restoreState()

    pdf.build(elements, onFirstPage=pied_de_page, onLaterPages=pied_de_page)
    return sortie.getvalue()
