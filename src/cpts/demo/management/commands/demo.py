from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cpts.demo.commission import creer_commissions
from cpts.demo.comptes import creer_comptes
from cpts.demo.contrats import creer_contrats
from cpts.demo.cpts import creer_cpts


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration et crée les comptes de démonstration. "
        "Sans effet sur ce qui existe déjà : relancer la commande ne duplique ni ne perd rien. "
        "Refusée en production."
    )

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration ne se chargent pas en production.")
        with transaction.atomic():
            cpts = creer_cpts()
            comptes = creer_comptes()
            creer_commissions()
            contrats = creer_contrats()
        self.stdout.write(
            f"Données de démonstration : {cpts} CPTS créées, {comptes} comptes créés, {contrats} contrats créés."
        )
