"""`cpts indicateurs importer FICHIER [--essai] [--auteur IDENTIFIANT]`

Lit un fichier d'indicateurs du diagnostic territorial (docs/indicateurs.md) et affiche une ligne de rapport par
valeur (créée, mise à jour, inchangée, refusée et pourquoi) : tout ou rien, code de sortie 2 si une ligne est
refusée ou le fichier illisible. `--essai` fait le même travail sans rien écrire. Les écritures sont attribuées à
`--auteur` (un agent ARS ou CPAM, dans son périmètre), ou au compte technique de l'exploitant (portée nationale).
Pour l'exploitant, sur le serveur.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from cpts.portefeuille.commande import CommandeImport
from cpts.regles import EntreeInvalide


class Command(CommandeImport):
    help = (
        "cpts indicateurs importer FICHIER [--essai] [--auteur IDENTIFIANT]. Les indicateurs du diagnostic territorial "
        "(docs/indicateurs.md), une valeur par ligne. Import tout ou rien ; code 2 si le fichier ou une ligne est "
        "refusé."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", help="importer")
        parser.add_argument("fichier", nargs="?", help="le fichier à importer (CSV ou XLSX)")
        parser.add_argument("--essai", action="store_true", help="lire et vérifier sans rien écrire")
        parser.add_argument("--auteur", help="identifiant du compte auquel attribuer les écritures")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "importer":
            raise EntreeInvalide(f"action « {options['action']} » inconnue : importer")
        if not options["fichier"]:
            raise EntreeInvalide("importer : indiquez le fichier à lire")
        chemin = Path(options["fichier"])
        if not chemin.is_file():
            raise EntreeInvalide(f"fichier « {chemin} » introuvable")
        from cpts.diagnostic.importation import importer

        auteur = self.auteur(options["auteur"])
        self.rapporter(lambda: importer(chemin.name, chemin.read_bytes(), auteur, essai=options["essai"]))
