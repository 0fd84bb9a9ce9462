import csv
import io
import json
import sys
from argparse import ArgumentParser

from django.core.management.base import BaseCommand
from django.utils import timezone

from cpts import affichage
from cpts.territoires.couverture import LigneCouverture, couverture
from cpts.territoires.management.commands.territoire import date_iso

ENTETES = ["Code", "Nom", "Habitants", "Couverts (CPTS)", "Part couverte", "Couverts (contrat signé)", "Part signée"]


class Command(BaseCommand):
    help = (
        "Population couverte par les CPTS à une date, par région ou par département. La couverture est la "
        "population des territoires des CPTS sous contrat signé (colonnes « contrat signé », les mêmes que "
        "« cpts couverture-regions ») ; les colonnes « CPTS » comptent aussi les projets en cours. Date invalide "
        "refusée (code 2). Lecture seule."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--niveau", choices=["region", "departement"], required=True)
        parser.add_argument("--date", help="JJ/MM/AAAA ou AAAA-MM-JJ (aujourd'hui par défaut)")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args: object, **options: str) -> None:
        try:
            date = date_iso(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as erreur:
            sys.stderr.write(f"Erreur : {erreur}.\n")
            sys.exit(2)
        lignes = couverture(options["niveau"], date)
        rendu = {"table": self.table, "json": self.json, "csv": self.csv}[options["format"]]
        self.stdout.write(rendu(options["niveau"], date.isoformat(), lignes))

    @staticmethod
    def json(niveau: str, date: str, lignes: list[LigneCouverture]) -> str:
        return json.dumps(
            {
                "niveau": niveau,
                "date": date,
                "lignes": [
                    {
                        "code": ligne.code,
                        "nom": ligne.nom,
                        "habitants": ligne.habitants,
                        "population_couverte": ligne.couverte,
                        "population_couverte_signee": ligne.signee,
                        "par_etape": ligne.par_etape,
                    }
                    for ligne in lignes
                ],
            },
            ensure_ascii=False,
        )

    @staticmethod
    def csv(niveau: str, date: str, lignes: list[LigneCouverture]) -> str:
        sortie = io.StringIO()
        ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\n")
        ecrivain.writerow(ENTETES)
        for ligne in lignes:
            ecrivain.writerow(
                [
                    ligne.code,
                    ligne.nom,
                    ligne.habitants,
                    ligne.couverte,
                    f"{ligne.part_couverte:.4f}".replace(".", ","),
                    ligne.signee,
                    f"{ligne.part_signee:.4f}".replace(".", ","),
                ]
            )
        return sortie.getvalue().rstrip("\n")

    @staticmethod
    def table(niveau: str, date: str, lignes: list[LigneCouverture]) -> str:
        rendues = [
            [
                ligne.code,
                ligne.nom,
                affichage.nombre(ligne.habitants),
                affichage.nombre(ligne.couverte),
                affichage.pourcentage(ligne.part_couverte),
                affichage.nombre(ligne.signee),
                affichage.pourcentage(ligne.part_signee),
            ]
            for ligne in lignes
        ]
        return affichage.tableau(ENTETES, rendues, a_droite={2, 3, 4, 5, 6})
