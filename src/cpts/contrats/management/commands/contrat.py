import json
from argparse import ArgumentParser
from typing import Any

from cpts import affichage
from cpts.contrats.colonnes import COLONNES_LIGNE, ligne_json
from cpts.contrats.commande import CommandeContrats
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.models import Contrat
from cpts.exports import contenu_csv
from cpts.regles import EntreeInvalide
from cpts.regles.dates import jour_fr


class Command(CommandeContrats):
    help = (
        "cpts contrat echeancier ID : l'échéancier concret d'un contrat enregistré (chaque ligne due, ce qui a été "
        "versé, ce qui reste), en tableau, JSON ou CSV. Lecture seule ; pour l'exploitant (aucun filtre de droits). "
        "Entrée invalide : un message sur la sortie d'erreur et le code 2."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", help="echeancier")
        parser.add_argument("id", help="numéro du contrat")
        parser.add_argument("--format", default="table", help="table (par défaut), json ou csv")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "echeancier":
            raise EntreeInvalide(f"action « {options['action']} » inconnue : echeancier")
        format_de_sortie = self.format_de_sortie(options["format"])
        identifiant = str(options["id"])
        contrat = (
            Contrat.objects.select_related("cpts").filter(pk=int(identifiant)).first()
            if identifiant.isdigit()
            else None
        )
        if contrat is None:
            raise EntreeInvalide(f"contrat « {identifiant} » introuvable")
        echeancier = echeancier_du_contrat(contrat)
        if format_de_sortie == "json":
            total = echeancier.total
            donnees = {
                "contrat": contrat.pk,
                "cpts": contrat.cpts.nom,
                "signature": contrat.signature.isoformat(),
                "fin": contrat.fin.isoformat(),
                "lignes": [ligne_json(ligne) for ligne in echeancier.lignes],
                "total": {"du": f"{total.du:.2f}", "verse": f"{total.paye:.2f}", "restant": f"{total.restant:.2f}"},
                "avertissements": echeancier.avertissements,
            }
            self.stdout.write(json.dumps(donnees, ensure_ascii=False, indent=2))
        elif format_de_sortie == "csv":
            self.stdout.write(contenu_csv(COLONNES_LIGNE, echeancier.lignes).decode("utf-8"), ending="")
        else:
            lignes = [
                [
                    str(ligne.annee),
                    ligne.libelle_mission,
                    ligne.libelle_volet,
                    ligne.libelle_nature.lower(),
                    jour_fr(ligne.du_le) if ligne.du_le else "",
                    affichage.montant(ligne.montant, centimes=True),
                    affichage.montant(ligne.paye, centimes=True),
                    ligne.libelle_statut,
                    ligne.libelle_texte,
                ]
                for ligne in echeancier.lignes
            ]
            total = echeancier.total
            lignes.append(
                [
                    "Total",
                    "",
                    "",
                    "",
                    "",
                    affichage.montant(total.du, centimes=True),
                    affichage.montant(total.paye, centimes=True),
                    "",
                    "",
                ]
            )
            titre = (
                f"{contrat.cpts.nom} : contrat signé le {jour_fr(contrat.signature)}, jusqu'au {jour_fr(contrat.fin)}"
            )
            entetes = ["Année", "Mission", "Volet", "Nature", "Dû le", "Montant", "Versé", "Statut", "Texte"]
            tableau = affichage.tableau(entetes, lignes, a_droite={0, 5, 6})
            self.stdout.write(f"{titre}\n\n{tableau}{affichage.avertissements(echeancier.avertissements)}")
