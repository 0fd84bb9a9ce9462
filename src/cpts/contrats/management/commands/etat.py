from typing import Any

from django.core.management.base import BaseCommand

from cpts.contrats.etat import recalculer
from cpts.contrats.models import Contrat
from cpts.progression import Barre, annoncer


class Command(BaseCommand):
    help = (
        "cpts etat : recalcule l'état gardé de chaque contrat (lignes de l'échéancier, alertes datées) que lisent "
        "l'accueil des agents, les alertes et les versements à venir. Sans danger à tout moment : chaque écriture "
        "périme déjà l'état qu'elle change, et une lecture recalcule ce qui est périmé ; utile après une écriture "
        "directe en base."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        contrats = Contrat.objects.all()
        with Barre("États des contrats", "contrats", options["verbosity"]) as barre:
            annoncer(barre, contrats.count())
            nombre = recalculer(contrats, tous=True, progression=barre)
        self.stdout.write(f"État de {nombre} contrat{'s' if nombre > 1 else ''} recalculé.")
