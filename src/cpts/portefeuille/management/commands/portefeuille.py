"""`cpts portefeuille exporter --region CODE [--format csv|xlsx] [--sortie FICHIER]`
`cpts portefeuille importer FICHIER --region CODE [--essai] [--auteur IDENTIFIANT]`

Exporter écrit le portefeuille de la région (une ligne par CPTS, docs/portefeuille.md) sur la sortie standard ou
dans un fichier. Importer lit un fichier de ce format et affiche une ligne de rapport par CPTS (créée, mise à jour,
inchangée, refusée et pourquoi) : tout ou rien, code de sortie 2 si une ligne est refusée ou le fichier illisible.
`--essai` fait le même travail sans rien écrire. Les écritures sont attribuées à `--auteur` (un agent dont le
périmètre couvre la région), ou au compte technique « import.portefeuille » ; l'historique les marque « Import du
portefeuille (nom du fichier) ». Pour l'exploitant, sur le serveur.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from cpts.portefeuille.commande import CommandeImport
from cpts.regles import EntreeInvalide

FORMATS = ("csv", "xlsx")


class Command(CommandeImport):
    help = (
        "cpts portefeuille exporter --region CODE [--format csv|xlsx] [--sortie FICHIER] ; cpts portefeuille importer "
        "FICHIER --region CODE [--essai] [--auteur IDENTIFIANT]. Le portefeuille de CPTS d'une région, une ligne par "
        "CPTS (docs/portefeuille.md). Import tout ou rien ; code 2 si le fichier ou une ligne est refusé."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", help="exporter ou importer")
        parser.add_argument("fichier", nargs="?", help="le fichier à importer (CSV ou XLSX)")
        parser.add_argument("--region", required=True, help="code INSEE de la région (84 : Auvergne-Rhône-Alpes)")
        parser.add_argument("--format", default="csv", help="csv (par défaut) ou xlsx, pour exporter")
        parser.add_argument("--sortie", help="fichier où écrire l'export (par défaut : la sortie standard)")
        parser.add_argument("--essai", action="store_true", help="lire et vérifier sans rien écrire")
        parser.add_argument("--auteur", help="identifiant du compte auquel attribuer les écritures")

    def handle(self, *args: Any, **options: Any) -> None:
        region = self.region(options["region"])
        if options["action"] == "exporter":
            self.exporter(region, self.format_de_sortie(options["format"], FORMATS), options["sortie"])
        elif options["action"] == "importer":
            if not options["fichier"]:
                raise EntreeInvalide("importer : indiquez le fichier à lire")
            self.importer(Path(options["fichier"]), region, options["essai"], options["auteur"])
        else:
            raise EntreeInvalide(f"action « {options['action']} » inconnue : exporter ou importer")

    def exporter(self, region: str, format_: str, sortie: str | None) -> None:
        from cpts.portefeuille.export import contenu

        donnees = contenu(region, format_)
        if sortie:
            Path(sortie).write_bytes(donnees)
        elif format_ == "xlsx":
            raise EntreeInvalide("un export XLSX s'écrit dans un fichier : ajoutez --sortie FICHIER.xlsx")
        else:
            self.stdout.write(donnees.decode("utf-8"), ending="")

    def importer(self, chemin: Path, region: str, essai: bool, identifiant: str | None) -> None:
        from cpts.portefeuille.importation import importer

        if not chemin.is_file():
            raise EntreeInvalide(f"fichier « {chemin} » introuvable")
        auteur = self.auteur(identifiant)
        self.rapporter(lambda: importer(chemin.name, chemin.read_bytes(), region, auteur, essai=essai))
