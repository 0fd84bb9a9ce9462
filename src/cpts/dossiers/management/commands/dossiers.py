"""`cpts dossiers --region CODE [--etape ETAPE] [--departement CODE] [--format table|json|csv]`

Le registre des dossiers de CPTS d'une région : étape, date, ce qui est attendu et pour quand, association,
population, membres. Lecture seule ; lancée par l'exploitant sur le serveur (elle lit toute la région, sans
périmètre d'utilisateur : pas de notes d'instruction). Une entrée invalide s'arrête en une ligne, code 2.
"""

import csv
import datetime
import io
import json
import sys
from argparse import ArgumentParser
from decimal import Decimal

from django.core.management.base import BaseCommand

from cpts import affichage, exports
from cpts.dossiers.enums import Etape
from cpts.dossiers.exports import COLONNES, selection
from cpts.dossiers.models import Cpts
from cpts.regles.dates import jour_fr


def _en_json(valeur: object) -> object:
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.date):
        return jour_fr(valeur)
    return float(valeur) if isinstance(valeur, Decimal) else valeur


COLONNES_TABLE = ("Nom", "Département principal", "Étape", "À cette étape depuis le", "Attendu ensuite", "Échéance")


class Command(BaseCommand):
    help = "Registre des dossiers de CPTS d'une région (étape, échéances, association, membres). Lecture seule."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--region", required=True, help="code INSEE de la région (84 : Auvergne-Rhône-Alpes)")
        parser.add_argument("--etape", help=f"une étape parmi : {', '.join(Etape.values)}")
        parser.add_argument("--departement", help="code d'un département couvert")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args: object, **options: str) -> None:
        if options["etape"] and options["etape"] not in Etape.values:
            sys.stderr.write(f"Erreur : étape « {options['etape']} » inconnue ({', '.join(Etape.values)}).\n")
            sys.exit(2)
        from cpts.dossiers.exports import registre

        queryset = selection(
            Cpts.objects.filter(region=options["region"]),
            etape=options["etape"] or "",
            departement=options["departement"] or "",
        ).order_by("nom", "pk")
        dossiers = registre(None, queryset)
        if options["format"] == "json":
            self.stdout.write(self.json([{c.titre: _en_json(c.valeur(cpts)) for c in COLONNES} for cpts in dossiers]))
            return
        # Table et CSV : les cellules écrites comme dans les exports (dates JJ/MM/AAAA, virgule décimale).
        lignes = [{c.titre: exports.texte_csv(c.valeur(cpts), c.nombre) for c in COLONNES} for cpts in dossiers]
        self.stdout.write(self.csv(lignes) if options["format"] == "csv" else self.table(lignes))

    @staticmethod
    def table(lignes: list[dict[str, object]]) -> str:
        if not lignes:
            return "Aucun dossier."
        return affichage.tableau(
            list(COLONNES_TABLE), [[str(ligne[titre]) for titre in COLONNES_TABLE] for ligne in lignes]
        )

    @staticmethod
    def json(lignes: list[dict[str, object]]) -> str:
        return json.dumps(lignes, ensure_ascii=False, indent=2)

    @staticmethod
    def csv(lignes: list[dict[str, object]]) -> str:
        sortie = io.StringIO()
        ecrivain = csv.DictWriter(sortie, fieldnames=[colonne.titre for colonne in COLONNES], delimiter=";")
        ecrivain.writeheader()
        ecrivain.writerows(lignes)
        return sortie.getvalue().rstrip("\n")
