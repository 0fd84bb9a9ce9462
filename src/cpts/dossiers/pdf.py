"""Une version déposée d'un document en PDF, en français, avec ReportLab (Platypus).

ReportLab plutôt qu'un écrivain PDF fait main : un dossier a des tableaux (membres, communes, budget en
deux colonnes de comptes), des paragraphes longs à couper et des pages à numéroter ; Platypus compose tout cela
en Python pur (licence BSD). Polices de base Helvetica, encodage WinAnsi : accents, œ, guillemets et € passent ;
les rares caractères hors de cet encodage sont remplacés.
"""

import datetime
import io
from collections.abc import Mapping
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cpts import affichage
from cpts.dossiers import documents
from cpts.dossiers.documents import Annexe, Genre
from cpts.dossiers.models import Depot

STYLES = getSampleStyleSheet()
TITRE = ParagraphStyle("titre", parent=STYLES["Title"], fontSize=16, spaceAfter=4 * mm)
SECTION = ParagraphStyle("section", parent=STYLES["Heading2"], fontSize=12, spaceBefore=4 * mm)
LIBELLE = ParagraphStyle("libelle", parent=STYLES["Normal"], fontName="Helvetica-Bold", spaceBefore=2 * mm)
TEXTE = ParagraphStyle("texte", parent=STYLES["Normal"], leading=13)
PETIT = ParagraphStyle("petit", parent=STYLES["Normal"], fontSize=8, leading=10, textColor=colors.grey)
CELLULE = ParagraphStyle("cellule", parent=STYLES["Normal"], fontSize=8, leading=10)


def _propre(texte: object) -> str:
    """Texte sûr pour Platypus (balises échappées) et pour l'encodage WinAnsi des polices de base."""
    brut = str(texte).replace("\u202f", "\u00a0").replace("\u2009", " ")
    brut = brut.encode("cp1252", errors="replace").decode("cp1252")
    return escape(brut).replace("\n", "<br/>")


def _p(texte: object, style: ParagraphStyle = TEXTE) -> Paragraph:
    return Paragraph(_propre(texte), style)


def _valeur(champ: documents.Champ, valeur: object) -> str:
    if documents.vide(valeur):
        return "—"
    if champ.genre == Genre.DATE:
        jour = documents.date_de(valeur)
        return f"{jour:%d/%m/%Y}" if jour else str(valeur)
    if champ.genre == Genre.MONTANT:
        return affichage.montant(documents.montant(valeur), centimes=True)
    if champ.genre == Genre.CHOIX:
        return dict(champ.choix).get(str(valeur), str(valeur))
    return str(valeur)


def _tableau(entetes: list[str], lignes: list[list[object]], largeurs: list[float] | None = None) -> Table:
    donnees = [[_p(entete, CELLULE) for entete in entetes]]
    donnees += [[_p(cellule, CELLULE) for cellule in ligne] for ligne in lignes] or [
        [_p("Aucun", CELLULE)] + [""] * (len(entetes) - 1)
    ]
    tableau = Table(donnees, colWidths=largeurs, repeatRows=1)
    tableau.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e3fd")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return tableau


def _oui_non(valeur: object) -> str:
    return "oui" if valeur else "non"


def _annexe(annexe: Annexe, contenu: Mapping[str, object]) -> list[object]:
    donnees = contenu.get(annexe)
    if annexe == Annexe.ASSOCIATION:
        association = donnees or {}
        return [
            _tableau(
                ["Association", ""],
                [
                    ["Création de l'association", association.get("statut", "")],
                    ["Nom", association.get("nom", "")],
                    ["SIRET", association.get("siret", "")],
                    ["Adresse", association.get("adresse", "")],
                    ["Représentant légal", association.get("representant", "")],
                    ["Personne contact", association.get("contact", "")],
                ],
                [50 * mm, 120 * mm],
            )
        ]
    if annexe == Annexe.TERRITOIRE:
        territoire = donnees or {}
        communes = territoire.get("communes") or []
        population = affichage.nombre(territoire.get("population") or 0)
        resume = f"{len(communes)} communes, {population} habitants"
        if territoire.get("taille"):
            resume += f", taille {territoire['taille']}"
        return [
            _p(resume),
            _tableau(
                ["Code INSEE", "Commune", "Population"],
                [[code, nom, affichage.nombre(habitants)] for code, nom, habitants in communes],
                [30 * mm, 100 * mm, 40 * mm],
            ),
        ]
    if annexe == Annexe.PROFESSIONNELS:
        return [
            _tableau(
                ["Catégorie", "Nom Prénom", "Lieu d'exercice", "Structure", "Gouvernance", "Recours"],
                [
                    [
                        m["profession"] + (" (incertain)" if m.get("incertain") else ""),
                        m["nom"],
                        m["lieu"],
                        m["structure"],
                        _oui_non(m["gouvernance"]),
                        m["recours"],
                    ]
                    for m in donnees or []
                ],
            )
        ]
    if annexe == Annexe.STRUCTURES:
        return [
            _tableau(
                ["Service ou établissement", "Catégorie", "Contact", "Localisation", "Gouvernance"],
                [
                    [
                        s["nom"] + (" (incertain)" if s.get("incertain") else ""),
                        s["categorie"],
                        s["contact"],
                        s["lieu"],
                        _oui_non(s["gouvernance"]),
                    ]
                    for s in donnees or []
                ],
            )
        ]
    if annexe == Annexe.FICHES:
        return [
            _tableau(
                ["Fiche action", "Mission ACI", "Version"],
                [[f["intitule"], f["mission"], f"{f['version']} du {_jour(f['depose_le'])}"] for f in donnees or []],
                [80 * mm, 60 * mm, 30 * mm],
            )
        ]
    if annexe == Annexe.BUDGETS:
        return [
            _tableau(
                ["Exercice", "Total des charges", "Total des produits", "Version"],
                [
                    [
                        b["exercice"],
                        affichage.montant(Decimal(b["charges"]), centimes=True),
                        affichage.montant(Decimal(b["produits"]), centimes=True),
                        b["version"],
                    ]
                    for b in donnees or []
                ],
            )
        ]
    return []


def _jour(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _budget(valeurs: Mapping[str, object]) -> list[object]:
    """Le budget en deux colonnes, charges et produits, compte par compte, comme le modèle du guide."""

    def lignes(comptes: tuple[documents.Compte, ...]) -> list[tuple[str, str]]:
        resultat = []
        for compte in comptes:
            total = sum((documents.montant(valeurs.get(cle)) for cle, _ in compte.postes), Decimal(0))
            resultat.append((f"{compte.numero} – {compte.libelle}", affichage.montant(total, centimes=True)))
            if len(compte.postes) > 1:
                resultat += [
                    (f"    {libelle}", affichage.montant(documents.montant(valeurs.get(cle)), centimes=True))
                    for cle, libelle in compte.postes
                    if documents.montant(valeurs.get(cle))
                ]
        return resultat

    totaux = documents.totaux_budget(valeurs)
    charges = [*lignes(documents.CHARGES), ("Total des charges", affichage.montant(totaux.charges, centimes=True))]
    produits = [*lignes(documents.PRODUITS), ("Total des produits", affichage.montant(totaux.produits, centimes=True))]
    cotisations = documents.montant(valeurs.get(documents.DONT_COTISATIONS[0]))
    if cotisations:
        produits.insert(-1, (f"    {documents.DONT_COTISATIONS[1]}", affichage.montant(cotisations, centimes=True)))
    hauteur = max(len(charges), len(produits))
    charges += [("", "")] * (hauteur - len(charges))
    produits += [("", "")] * (hauteur - len(produits))
    corps = [[c[0], c[1], p[0], p[1]] for c, p in zip(charges, produits, strict=True)]
    contributions = [
        [
            f"86 – {documents.EMPLOIS_CONTRIBUTIONS.libelle}",
            affichage.montant(totaux.emplois_contributions, centimes=True),
            f"87 – {documents.CONTRIBUTIONS.libelle}",
            affichage.montant(totaux.contributions, centimes=True),
        ]
    ]
    largeurs = [55 * mm, 30 * mm, 55 * mm, 30 * mm]
    return [
        _p(f"Exercice {valeurs.get('exercice', '')}", SECTION),
        _tableau(["Charges", "Montant", "Produits", "Montant"], corps, largeurs),
        Spacer(1, 3 * mm),
        _tableau(["Emplois", "Montant", "Contributions", "Montant"], contributions, largeurs),
    ]


def rendre(depot: Depot) -> bytes:
    """Le PDF d'une version déposée : en-tête (CPTS, document, version, date), puis chaque section remplie."""
    document = depot.document
    modele = documents.modele(document.type)
    valeurs = depot.contenu.get("valeurs", {})
    annexes = depot.contenu.get("annexes", {})
    sortie = io.BytesIO()
    titre = f"{modele.titre} — {document.cpts.nom}"
    pdf = SimpleDocTemplate(
        sortie,
        pagesize=A4,
        title=titre,
        author="Pilotage CPTS",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    elements: list[object] = [
        _p(titre, TITRE),
        _p(
            f"Version {depot.numero} déposée le {depot.depose_le:%d/%m/%Y} par "
            f"{depot.depose_par.get_full_name() or depot.depose_par.username}."
        ),
        _p(modele.source, PETIT),
    ]
    if document.type == documents.TypeDocument.BUDGET:
        elements += _budget(valeurs)
    else:
        for section in modele.sections:
            entete = f"{section.numero}. {section.titre}" if section.numero else section.titre
            elements.append(_p(entete, SECTION))
            for champ in section.champs:
                elements += [_p(champ.libelle, LIBELLE), _p(_valeur(champ, valeurs.get(champ.cle)))]
            if section.annexe:
                elements += [Spacer(1, 2 * mm), *_annexe(section.annexe, annexes)]
        if document.type == documents.TypeDocument.PRE_PROJET:
            charges, produits = documents.totaux_pre_projet(valeurs)
            elements.append(
                _p(
                    f"Total des charges : {affichage.montant(charges, centimes=True)} ; total des produits : "
                    f"{affichage.montant(produits, centimes=True)}."
                )
            )

    def pied(canevas: object, gabarit: object) -> None:
        canevas.saveState()
        canevas.setFont("Helvetica", 8)
        canevas.drawString(
            18 * mm, 10 * mm, f"{titre[:90]} — version {depot.numero}".encode("cp1252", "replace").decode("cp1252")
        )
        canevas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {gabarit.page}")
        canevas.restoreState()

    pdf.build(elements, onFirstPage=pied, onLaterPages=pied)
    return sortie.getvalue()
