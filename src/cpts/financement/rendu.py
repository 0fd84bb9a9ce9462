"""Sorties des commandes : JSON stable pour les outils, tableau en français pour les personnes."""

import json
from collections.abc import Sequence
from decimal import Decimal
from functools import cache

from cpts import affichage
from cpts.contrats.enums import NatureVersement
from cpts.regles import Financement, Versement, referentiel
from cpts.regles.dates import jour_fr


def libelle_nature(code: str) -> str:
    """« intégral », « avance », « solde » : le libellé du contrat, en minuscules dans une ligne de tableau."""
    return NatureVersement(code).label.lower()


def euros(montant: Decimal) -> str:
    """Le format d'échange : « 12345.00 », sans séparateur ni unité."""
    return f"{montant:.2f}"


def financement_json(financement: Financement) -> str:
    return json.dumps(
        {
            "texte": financement.texte,
            "date": financement.le.isoformat(),
            "taille": financement.taille,
            "lignes": [
                {"mission": ligne.mission, "volet": ligne.volet, "montant": euros(ligne.montant)}
                for ligne in financement.lignes
            ],
            "total": euros(financement.total),
            "avertissements": list(financement.avertissements),
        },
        ensure_ascii=False,
        indent=2,
    )


def financement_table(financement: Financement, texte_impose: bool) -> str:
    quand = "texte choisi" if texte_impose else f"en vigueur le {jour_fr(financement.le)}"
    titre = f"Financement annuel : {financement.libelle_texte} ({quand}), taille {financement.taille}"
    if financement.majore:
        titre += ", missions majorées"
    lignes = [
        [ligne.libelle_mission, ligne.libelle_volet, affichage.montant(ligne.montant, centimes=True)]
        for ligne in financement.lignes
    ]
    lignes.append(["Total", "", affichage.montant(financement.total, centimes=True)])
    tableau = affichage.tableau(["Mission", "Volet", "Montant annuel"], lignes, a_droite={2})
    return f"{titre}\n\n{tableau}{affichage.avertissements(financement.avertissements)}"


def echeancier_json(versements: Sequence[Versement], avertissements: Sequence[str] = ()) -> str:
    return json.dumps(
        {
            "versements": [
                {
                    "annee_contrat": versement.annee_contrat,
                    "mission": versement.mission,
                    "volet": versement.volet,
                    "nature": versement.nature,
                    "montant": euros(versement.montant),
                    "du_le": versement.du_le.isoformat(),
                    "au_plus_tard": versement.au_plus_tard.isoformat(),
                    "texte": versement.texte,
                    "notre_lecture": bool(versement.lecture),
                }
                for versement in versements
            ],
            "avertissements": list(avertissements),
        },
        ensure_ascii=False,
        indent=2,
    )


def echeancier_table(versements: Sequence[Versement], titre: str, avertissements: Sequence[str] = ()) -> str:
    missions, volets = libelles()
    textes = referentiel()
    lignes = [
        [
            str(versement.annee_contrat),
            missions.get(versement.mission, versement.mission),
            volets.get((versement.mission, versement.volet), versement.volet),
            libelle_nature(versement.nature),
            affichage.montant(versement.montant, centimes=True),
            jour_fr(versement.du_le),
            jour_fr(versement.au_plus_tard),
            textes.texte(versement.texte).libelle + (" (notre lecture)" if versement.lecture else ""),
        ]
        for versement in versements
    ]
    total = sum((versement.montant for versement in versements), Decimal("0.00"))
    lignes.append(["Total", "", "", "", affichage.montant(total, centimes=True), "", "", ""])
    entetes = ["Année", "Mission", "Volet", "Nature", "Montant", "Dû le", "Au plus tard", "Texte"]
    tableau = affichage.tableau(entetes, lignes, a_droite={0, 4})
    return f"{titre}\n\n{tableau}{affichage.avertissements(avertissements)}"


@cache
def libelles() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Libellés des missions (du texte le plus récent) et des volets ; un volet dont le libellé
    change selon l'année (fixe de la mission crise) garde son nom court."""
    missions: dict[str, str] = {}
    volets: dict[tuple[str, str], set[str]] = {}
    textes = referentiel()
    for texte in reversed(textes.financiers):
        for mission in textes.bareme(texte.code).missions.values():
            missions.setdefault(mission.code, mission.libelle)
            for volet in mission.volets:
                volets.setdefault((mission.code, volet.code), set()).add(volet.libelle)
    return missions, {cle: noms.pop() if len(noms) == 1 else cle[1] for cle, noms in volets.items()}
