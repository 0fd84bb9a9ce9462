import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cpts.comptabilite.agregats import emploi_des_fonds
from cpts.comptabilite.exports import donnees_ouvertes
from cpts.territoires.models import Region


class Command(BaseCommand):
    help = (
        "Les données ouvertes de l'emploi des fonds des CPTS (agrégats anonymes par mission et par nature, schéma dans "
        "docs/comptabilite.md), en CSV sur la sortie standard. Lecture seule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--annee", type=int, help="exercice ; l'année qui précède la date par défaut")
        parser.add_argument("--date", help="comptes déposés au plus tard ce jour (AAAA-MM-JJ) ; aujourd'hui par défaut")
        parser.add_argument("--region", help="code INSEE de la région ; la France entière par défaut")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            le = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"Date « {options['date']} » illisible : AAAA-MM-JJ attendu.") from None
        annee = options["annee"] or le.year - 1
        if not 2019 <= annee <= le.year:
            raise CommandError(f"Exercice {annee} : une année de 2019 à {le.year}.")
        region = options["region"]
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"Région « {region} » inconnue.")
        self.stdout.write(donnees_ouvertes(emploi_des_fonds(annee, le, region)).decode("utf-8"), ending="")
