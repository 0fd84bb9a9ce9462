"""Les colonnes d'export des échéanciers, déclarées une fois pour la page, la commande et l'API (CSV, XLSX, JSON).

Les montants sortent en Decimal et les dates en dates : `cpts.exports` les écrit en cellules typées (XLSX) ou à la
française (CSV : « 12345,00 », « 31/12/2024 »). Le JSON garde les montants exacts en texte (« 12345.00 »)."""

from cpts.contrats.echeancier import Ligne, LigneAVenir
from cpts.exports import Colonne

COLONNES_LIGNE: list[Colonne] = [
    Colonne("Année du contrat", lambda ligne: ligne.annee),
    Colonne("Mission", lambda ligne: ligne.libelle_mission),
    Colonne("Volet", lambda ligne: ligne.libelle_volet),
    Colonne("Nature", lambda ligne: ligne.libelle_nature),
    Colonne("Dû le", lambda ligne: ligne.du_le),
    Colonne("À payer au plus tard le", lambda ligne: ligne.au_plus_tard),
    Colonne("Montant dû (€)", lambda ligne: ligne.montant, "montant"),
    Colonne("Versé (€)", lambda ligne: ligne.paye, "montant"),
    Colonne("Restant (€)", lambda ligne: ligne.restant, "montant"),
    Colonne("Montant arrêté", lambda ligne: "oui" if ligne.definitif else "non (atteinte à retenir)"),
    Colonne("Statut", lambda ligne: ligne.libelle_statut),
    Colonne("Références des versements", lambda ligne: ligne.references),
    Colonne("Texte appliqué", lambda ligne: ligne.libelle_texte),
]

COLONNES_A_VENIR: list[Colonne] = [
    Colonne("CPTS", lambda e: e.contrat.cpts.nom),
    Colonne("Département", lambda e: e.contrat.cpts.departement),
    Colonne("Contrat signé le", lambda e: e.contrat.signature),
    *[Colonne(colonne.titre, lambda e, c=colonne: c.valeur(e.ligne), colonne.nombre) for colonne in COLONNES_LIGNE],
]


def ligne_json(ligne: Ligne) -> dict[str, object]:
    return {
        "annee_contrat": ligne.annee,
        "mission": ligne.mission,
        "volet": ligne.volet,
        "nature": ligne.nature,
        "du_le": ligne.du_le.isoformat() if ligne.du_le else None,
        "au_plus_tard": ligne.au_plus_tard.isoformat() if ligne.au_plus_tard else None,
        "montant": f"{ligne.montant:.2f}",
        "verse": f"{ligne.paye:.2f}",
        "restant": f"{ligne.restant:.2f}",
        "definitif": ligne.definitif,
        "statut": ligne.statut,
        "texte": ligne.texte,
        "notre_lecture": bool(ligne.lecture),
    }


def a_venir_json(entree: LigneAVenir) -> dict[str, object]:
    return {"contrat": entree.contrat.pk, "cpts": entree.contrat.cpts.nom, **ligne_json(entree.ligne)}
