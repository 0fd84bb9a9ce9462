import datetime
import json
import sys
from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from cpts import affichage
from cpts.regles.dates import FORMES_DU_JOUR, lire_jour
from cpts.territoires.composition import Resume, resumer


def date_iso(texte: str) -> datetime.date:
    if (lu := lire_jour(texte)) is None:
        raise ValueError(f"date invalide « {texte} » : attendu {FORMES_DU_JOUR}")
    return lu


class Command(BaseCommand):
    help = (
        "Résumé d'un territoire composé de communes (codes INSEE) : population, taille, départements, régions, "
        "conflits avec les CPTS existantes à la date, contiguïté. Code de sortie 2 si un code est inconnu. "
        "Lecture seule ; pour tout utilisateur de la plateforme."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--communes", required=True, help="codes INSEE séparés par des virgules")
        parser.add_argument("--date", help="JJ/MM/AAAA ou AAAA-MM-JJ (aujourd'hui par défaut)")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: object, **options: str) -> None:
        try:
            date = date_iso(options["date"]) if options["date"] else None
        except ValueError as erreur:
            sys.stderr.write(f"Erreur : {erreur}.\n")
            sys.exit(2)
        resume = resumer(options["communes"].split(","), date)
        self.stdout.write(self.json(resume) if options["format"] == "json" else self.table(resume))
        if resume.inconnues:
            sys.stderr.write(f"Codes INSEE inconnus : {', '.join(resume.inconnues)}.\n")
            sys.exit(2)

    @staticmethod
    def json(resume: Resume) -> str:
        return json.dumps(
            {
                "communes": resume.communes,
                "population": resume.population,
                "taille": resume.taille,
                "departements": resume.departements,
                "regions": resume.regions,
                "conflits": [{"commune": c.commune, "cpts": c.cpts} for c in resume.conflits],
                "contigu": resume.contigu,
                "inconnues": resume.inconnues,
            },
            ensure_ascii=False,
        )

    @staticmethod
    def table(resume: Resume) -> str:
        lignes = [
            ["Communes", affichage.nombre(resume.communes)],
            ["Population", affichage.nombre(resume.population)],
            ["Taille", str(resume.taille or "—")],
            ["Départements", ", ".join(resume.departements) or "—"],
            ["Régions", ", ".join(resume.regions) or "—"],
            ["D'un seul tenant", "oui" if resume.contigu else "non"],
            ["Conflits", ", ".join(f"{c.nom_commune} ({c.commune}) : {c.cpts}" for c in resume.conflits) or "aucun"],
        ]
        if resume.inconnues:
            lignes.append(["Codes inconnus", ", ".join(resume.inconnues)])
        return affichage.tableau(["Territoire", ""], lignes)
