import json
from argparse import ArgumentParser
from typing import Any

from django.utils import timezone

from cpts import affichage
from cpts.contrats.colonnes import COLONNES_A_VENIR, a_venir_json
from cpts.contrats.commande import CommandeContrats
from cpts.contrats.echeancier import lignes_a_venir
from cpts.contrats.models import Contrat
from cpts.exports import contenu_csv
from cpts.regles import EntreeInvalide
from cpts.regles.dates import jour_fr

JOURS_MAX = 3660


class Command(CommandeContrats):
    help = (
        "cpts versements --region CODE [--a-venir 60] [--format table|json|csv] : ce qui reste à verser sur les "
        "contrats de la région, exigible d'ici N jours (retards compris). Lecture seule ; pour l'exploitant et la "
        "CPAM (aucun filtre de droits). Entrée invalide : un message sur la sortie d'erreur et le code 2."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--region", required=True, help="code INSEE de la région (84…)")
        parser.add_argument("--a-venir", default="60", help="horizon en jours (60 par défaut)")
        parser.add_argument("--format", default="table", help="table (par défaut), json ou csv")

    def handle(self, *args: Any, **options: Any) -> None:
        format_de_sortie = self.format_de_sortie(options["format"])
        region = self.region(options["region"])
        brut = str(options["a_venir"]).strip()
        if not brut.isdigit() or int(brut) > JOURS_MAX:
            raise EntreeInvalide(f"--a-venir « {brut} » : nombre de jours de 0 à {JOURS_MAX} attendu")
        contrats = Contrat.objects.filter(cpts__region=region).select_related("cpts").order_by("cpts__nom", "pk")
        entrees = lignes_a_venir(contrats, timezone.localdate(), int(brut))
        if format_de_sortie == "json":
            self.stdout.write(json.dumps([a_venir_json(e) for e in entrees], ensure_ascii=False, indent=2))
        elif format_de_sortie == "csv":
            self.stdout.write(contenu_csv(COLONNES_A_VENIR, entrees).decode("utf-8"), ending="")
        elif not entrees:
            self.stdout.write(f"Rien à verser d'ici {brut} jours dans la région {region}.")
        else:
            lignes = [
                [
                    e.contrat.cpts.nom,
                    jour_fr(e.ligne.du_le),
                    jour_fr(e.ligne.au_plus_tard),
                    e.ligne.libelle,
                    affichage.montant(e.ligne.restant, centimes=True),
                    e.ligne.libelle_statut,
                ]
                for e in entrees
            ]
            entetes = ["CPTS", "Dû le", "Au plus tard", "Ligne", "Restant", "Statut"]
            titre = f"À verser d'ici {brut} jours, région {region}"
            self.stdout.write(f"{titre}\n\n{affichage.tableau(entetes, lignes, a_droite={4})}")
