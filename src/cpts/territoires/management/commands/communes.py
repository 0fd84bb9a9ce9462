from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cpts.progression import Barre
from cpts.territoires import referentiel
from cpts.territoires.importation import importer


class Command(BaseCommand):
    help = (
        "Référentiel des communes. `cpts communes import` charge ou rafraîchit régions, départements, EPCI, "
        "communes et contours depuis data/referentiel, dans une seule transaction, et dit ce qui a changé. "
        "Relançable sans effet si rien n'a changé. Réservée à l'exploitant."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sous = parser.add_subparsers(dest="action", required=True)
        importer_ = sous.add_parser("import", help="charge le référentiel figé en base")
        importer_.add_argument("--dossier", type=Path, default=referentiel.DOSSIER_PAR_DEFAUT)

    def handle(self, *args: object, **options: object) -> None:
        dossier = options["dossier"]
        try:
            with Barre("Communes", "communes", options["verbosity"]) as barre:
                rapport = importer(dossier, progression=barre)
        except referentiel.ReferentielInvalide as erreur:
            raise CommandError(f"Référentiel refusé : {erreur}") from None
        if rapport.inchange:
            self.stdout.write("Référentiel déjà à jour : aucune commune modifiée.")
            return
        self.stdout.write(f"Régions, départements et EPCI créés ou modifiés : {rapport.echelons_modifies}")
        self.stdout.write(f"Communes créées : {rapport.creees}")
        self.stdout.write(f"Communes renommées : {len(rapport.renommees)}")
        for code, avant, apres in rapport.renommees[:20]:
            self.stdout.write(f"  {code} : {avant} → {apres}")
        self.stdout.write(f"Communes fusionnées dans une commune nouvelle : {len(rapport.fusionnees)}")
        for ancien, nouveau in rapport.fusionnees[:20]:
            self.stdout.write(f"  {ancien} → {nouveau}")
        if rapport.supprimees:
            self.stdout.write(f"Communes disparues sans commune nouvelle connue : {', '.join(rapport.supprimees)}")
        self.stdout.write(f"Populations mises à jour : {rapport.populations_modifiees}")
        self.stdout.write(f"Autres modifications (EPCI, contour…) : {rapport.autres_modifications}")
        if rapport.unites_reportees:
            self.stdout.write(f"Unités de territoire reportées sur une commune nouvelle : {rapport.unites_reportees}")
