"""Une version déposée d'un document en PDF, en français (mise en page commune : `cpts.pdf`)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from cpts import affichage, pdf
from cpts.dossiers import documents
from cpts.dossiers.documents import Annexe, Genre
from cpts.dossiers.enums import TypeDocument
from cpts.dossiers.models import Depot
from cpts.pdf import LIBELLE, PETIT, SECTION, TITRE, paragraphe, tableau


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


def _oui_non(valeur: object) -> str:
    return "oui" if valeur else "non"


def _annexe(annexe: Annexe, contenu: Mapping[str, object]) -> list[object]:
    donnees = contenu.get(annexe)
    if annexe == Annexe.ASSOCIATION:
        association = donnees or {}
        return [
            tableau(
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
            paragraphe(resume),
            tableau(
                ["Code INSEE", "Commune", "Population"],
                [[code, nom, affichage.nombre(habitants)] for code, nom, habitants in communes],
                [30 * mm, 100 * mm, 40 * mm],
            ),
        ]
    if annexe == Annexe.PROFESSIONNELS:
        return [
            tableau(
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
            tableau(
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
            tableau(
                ["Fiche action", "Mission ACI", "Version"],
                [[f["intitule"], f["mission"], f"{f['version']} du {_jour(f['depose_le'])}"] for f in donnees or []],
                [80 * mm, 60 * mm, 30 * mm],
            )
        ]
    if annexe == Annexe.BUDGETS:
        return [
            tableau(
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
        paragraphe(f"Exercice {valeurs.get('exercice', '')}", SECTION),
        tableau(["Charges", "Montant", "Produits", "Montant"], corps, largeurs),
        Spacer(1, 3 * mm),
        tableau(["Emplois", "Montant", "Contributions", "Montant"], contributions, largeurs),
    ]


def rendre(depot: Depot) -> bytes:
    """Le PDF d'une version déposée : en-tête (CPTS, document, version, date), puis chaque section remplie."""
    document = depot.document
    modele = documents.modele(document.type)
    valeurs = depot.contenu.get("valeurs", {})
    annexes = depot.contenu.get("annexes", {})
    titre = f"{modele.titre} — {document.cpts.nom}"
    elements: list[object] = [
        paragraphe(titre, TITRE),
        paragraphe(
            f"Version {depot.numero} déposée le {depot.depose_le:%d/%m/%Y} par "
            f"{depot.depose_par.get_full_name() or depot.depose_par.username}."
        ),
        paragraphe(modele.source, PETIT),
    ]
    if document.type == TypeDocument.BUDGET:
        elements += _budget(valeurs)
    else:
        for section in modele.sections:
            entete = f"{section.numero}. {section.titre}" if section.numero else section.titre
            elements.append(paragraphe(entete, SECTION))
            for champ in section.champs:
                elements += [paragraphe(champ.libelle, LIBELLE), paragraphe(_valeur(champ, valeurs.get(champ.cle)))]
            if section.annexe:
                elements += [Spacer(1, 2 * mm), *_annexe(section.annexe, annexes)]
        if document.type == TypeDocument.PRE_PROJET:
            charges, produits = documents.totaux_pre_projet(valeurs)
            elements.append(
                paragraphe(
                    f"Total des charges : {affichage.montant(charges, centimes=True)} ; total des produits : "
                    f"{affichage.montant(produits, centimes=True)}."
                )
            )

    return pdf.document(titre, elements, pied=f"{titre[:90]} — version {depot.numero}")
