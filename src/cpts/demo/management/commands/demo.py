from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cpts.comptes.models import Utilisateur
from cpts.demo import aura
from cpts.demo.commission import creer_commissions
from cpts.demo.comptes import creer_comptes
from cpts.demo.contrats import creer_contrats
from cpts.territoires.models import Commune


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (Auvergne-Rhône-Alpes au 1er juin 2021 d'après la CPR du 9 juin 2021 : "
        "96 projets, 20 contrats, territoires, versements ; CPR AuRA et Pays de la Loire ; statistiques nationales "
        "publiées) et crée les comptes de démonstration. Demande le référentiel des communes (cpts communes import). "
        "Sans effet sur ce qui existe déjà : relancer ne duplique ni ne perd rien. Refusée en production."
    )

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration ne se chargent pas en production.")
        if not Commune.objects.exists():
            raise CommandError("Le référentiel des communes est vide : lancez d'abord « cpts communes import ».")
        with transaction.atomic():
            projets = aura.creer_projets()
            comptes = creer_comptes()
            aura.creer_historique(Utilisateur.objects.get(username="agent.ars"))
            aura.creer_statistiques()
            creer_commissions()
            contrats = creer_contrats()
        self.stdout.write(
            f"Données de démonstration : {projets} projets créés, {comptes} comptes créés, {contrats} contrats créés."
        )
