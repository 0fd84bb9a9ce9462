"""Une simulation en XLSX (une feuille par tableau, montants et dates typés) ou en PDF (les mêmes tableaux) ; les
colonnes sont déclarées une fois (`cpts.exports.Colonne`) pour les deux formats."""

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from cpts import affichage, exports, pdf
from cpts.contrats import missions
from cpts.financement.rendu import libelle_nature
from cpts.financement.simulation import Comparaison, Simulation
from cpts.regles.dates import jour_fr

FORMATS = ("xlsx", "pdf")
FORMAT_MONTANT = '#,##0.00 "€"'
FORMAT_DATE = "DD/MM/YYYY"

Tableau = tuple[str, list[exports.Colonne], list[Any]]  # (titre, colonnes, lignes)


def _missions(simulation: Simulation) -> str:
    scenario = simulation.scenario
    return ", ".join(
        f"{missions.libelle_mission(code)} ({jour_fr(demarrage or scenario.signature)})"
        for code, demarrage in scenario.missions.items()
    )


def _du_scenario(titre: str, valeur: Any) -> exports.Colonne:
    """Une colonne lue sur l'objet d'une ligne (nom du scénario, objet) : la première colonne dit le scénario."""
    return exports.Colonne(titre, lambda ligne: valeur(ligne[1]))


SCENARIO = exports.Colonne("Scénario", lambda ligne: ligne[0])
HYPOTHESES = [
    SCENARIO,
    _du_scenario("Population", lambda s: s.scenario.population),
    _du_scenario("Taille", lambda s: s.taille),
    _du_scenario("Texte", lambda s: s.libelle_texte),
    _du_scenario("Signature", lambda s: s.scenario.signature),
    _du_scenario("Membres adhérents", lambda s: s.scenario.membres),
    _du_scenario("Taux d'atteinte", lambda s: affichage.pourcentage(s.scenario.atteinte)),
    _du_scenario("Années de crise", lambda s: ", ".join(str(annee) for annee in sorted(s.scenario.crises)) or "aucune"),
    _du_scenario("Missions (démarrage)", _missions),
    _du_scenario("Total annuel", lambda s: s.financement.total),
    _du_scenario("Total sur le contrat", lambda s: s.total_contrat),
]
MONTANTS = [
    SCENARIO,
    _du_scenario("Mission", lambda ligne: ligne.libelle_mission),
    _du_scenario("Volet", lambda ligne: ligne.libelle_volet),
    _du_scenario("Nature", lambda ligne: ligne.nature),
    _du_scenario("Montant annuel", lambda ligne: ligne.montant),
]
ANNEES = [
    SCENARIO,
    _du_scenario("Année de contrat", lambda annee: annee.annee),
    _du_scenario("Début", lambda annee: annee.debut),
    _du_scenario("Volets fixes", lambda annee: annee.fixe),
    _du_scenario("Volets variables", lambda annee: annee.variable),
    _du_scenario("Avances et versements intégraux", lambda annee: annee.avances),
    _du_scenario("Soldes", lambda annee: annee.soldes),
    _du_scenario("Total", lambda annee: annee.total),
]
VERSEMENTS = [
    SCENARIO,
    _du_scenario("Année", lambda v: v.annee_contrat),
    _du_scenario("Mission", lambda v: missions.libelle_mission(v.mission)),
    _du_scenario("Volet", lambda v: missions.libelle_volet(v.mission, v.volet)),
    _du_scenario("Versement", lambda v: libelle_nature(v.nature)),
    _du_scenario("Montant", lambda v: v.montant),
    _du_scenario("Dû le", lambda v: v.du_le),
    _du_scenario("Au plus tard", lambda v: v.au_plus_tard),
]
AVERTISSEMENTS = [SCENARIO, _du_scenario("Avertissement", lambda texte: texte)]
COMPARAISON = [
    exports.Colonne("Mission", lambda ligne: ligne.libelle_mission),
    exports.Colonne("Volet", lambda ligne: ligne.libelle_volet),
    exports.Colonne("Nature", lambda ligne: ligne.nature),
    exports.Colonne("Scénario A", lambda ligne: ligne.montant_a),
    exports.Colonne("Scénario B", lambda ligne: ligne.montant_b),
    exports.Colonne("Écart (B − A)", lambda ligne: ligne.ecart),
]


def tableaux(simulations: Sequence[tuple[str, Simulation]], comparaison: Comparaison | None) -> list[Tableau]:
    """Les tableaux de la simulation, dans l'ordre de lecture de la page."""
    resultat: list[Tableau] = [
        ("Hypothèses", HYPOTHESES, [(nom, s) for nom, s in simulations]),
        ("Montants annuels", MONTANTS, [(nom, ligne) for nom, s in simulations for ligne in s.financement.lignes]),
    ]
    if comparaison:
        resultat.append(("Comparaison", COMPARAISON, comparaison.lignes))
    return [
        *resultat,
        ("Par année de contrat", ANNEES, [(nom, annee) for nom, s in simulations for annee in s.annees]),
        ("Échéancier", VERSEMENTS, [(nom, v) for nom, s in simulations for v in s.versements]),
        ("Avertissements", AVERTISSEMENTS, [(nom, texte) for nom, s in simulations for texte in s.avertissements]),
    ]


def contenu_xlsx(tables: list[Tableau]) -> bytes:
    classeur = Workbook()
    classeur.remove(classeur.active)
    for titre, colonnes, objets in tables:
        feuille = classeur.create_sheet(titre[:31])
        feuille.append([colonne.titre for colonne in colonnes])
        for cellule in feuille[1]:
            cellule.font = Font(bold=True)
        feuille.freeze_panes = "A2"
        for ligne in exports.lignes(colonnes, objets):
            feuille.append(ligne)
            for cellule in feuille[feuille.max_row]:
                if isinstance(cellule.value, Decimal):
                    cellule.number_format = FORMAT_MONTANT
                elif isinstance(cellule.value, datetime.date | datetime.datetime):
                    cellule.number_format = FORMAT_DATE
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def _texte_pdf(valeur: Any) -> str:
    if isinstance(valeur, Decimal):
        return affichage.montant(valeur, centimes=True)
    if isinstance(valeur, datetime.date):
        return jour_fr(valeur)
    if isinstance(valeur, int):
        return affichage.nombre(valeur)
    return str(valeur)


def contenu_pdf(titre: str, tables: list[Tableau]) -> bytes:
    elements: list[object] = [pdf.paragraphe(titre, pdf.TITRE)]
    for sous_titre, colonnes, objets in tables:
        if not objets:
            continue
        elements.append(pdf.paragraphe(sous_titre, pdf.SECTION))
        lignes = [[_texte_pdf(cellule) for cellule in ligne] for ligne in exports.lignes(colonnes, objets)]
        elements.append(pdf.tableau([colonne.titre for colonne in colonnes], lignes))
    elements.append(
        pdf.paragraphe(
            "Simulation selon l'accord conventionnel interprofessionnel des CPTS et ses avenants : montants pour"
            " l'année, volets variables au taux d'atteinte indiqué. Elle n'engage ni l'ARS ni l'Assurance Maladie.",
            pdf.PETIT,
        )
    )
    return pdf.document(titre, elements, paysage=True)


def reponse(
    format_: str,
    nom_fichier: str,
    titre: str,
    simulations: Sequence[tuple[str, Simulation]],
    comparaison: Comparaison | None,
) -> HttpResponse:
    tables = tableaux(simulations, comparaison)
    if format_ == "xlsx":
        contenu, type_, extension = contenu_xlsx(tables), exports.TYPE_XLSX, "xlsx"
    else:
        contenu, type_, extension = contenu_pdf(titre, tables), "application/pdf", "pdf"
    resultat = HttpResponse(contenu, content_type=type_)
    resultat["Content-Disposition"] = f'attachment; filename="{nom_fichier}.{extension}"'
    return resultat
