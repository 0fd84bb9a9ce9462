"""Une commande par tableau de pilotage, même interface : --region, --date, --format table|json|csv."""

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from cpts import affichage, bornes, exports
from cpts.pilotage.presentation import TABLEAUX
from cpts.regles.dates import FORMES_DU_JOUR, lire_jour
from cpts.territoires.models import Region


class CommandeTableau(BaseCommand):
    tableau = ""
    region_obligatoire = True

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--region", required=self.region_obligatoire, help="code INSEE de la région (84…)")
        parser.add_argument("--date", help="JJ/MM/AAAA ou AAAA-MM-JJ (aujourd'hui par défaut)")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        region = options.get("region")
        if region and not Region.objects.filter(code=region).exists():
            self._refuser(f"Région inconnue : {region} (code INSEE attendu, par exemple 84).")
        date = timezone.localdate()
        if options["date"]:
            if (lu := lire_jour(options["date"])) is None:
                self._refuser(f"Date invalide « {options['date']} » : attendu {FORMES_DU_JOUR}.")
            date = lu
            if refus := bornes.date_hors_bornes(date):
                self._refuser(f"Date refusée : {refus}.")
        tableau = TABLEAUX[self.tableau](region, date)
        if options["format"] == "json":
            self.stdout.write(json.dumps(tableau.en_json(), ensure_ascii=False))
        elif options["format"] == "csv":
            contenu = exports.contenu_csv(tableau.colonnes_export(), tableau.lignes_export())
            self.stdout.write(contenu.decode("utf-8-sig").replace("\r\n", "\n").rstrip("\n"))
        else:
            entetes = [colonne.titre for colonne in tableau.colonnes]
            a_droite = {i for i, c in enumerate(tableau.colonnes) if c.nature in ("entier", "montant", "part")}
            lignes = [tableau.cellules(ligne) for ligne in tableau.lignes_export()]
            self.stdout.write(tableau.titre + "\n\n" + affichage.tableau(entetes, lignes, a_droite))

    def _refuser(self, message: str) -> None:
        sys.stderr.write(message + "\n")
        sys.exit(2)
