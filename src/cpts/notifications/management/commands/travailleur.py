from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cpts.notifications.travailleur import Travailleur


class Command(BaseCommand):
    help = (
        "Travailleur de fond : envoie les courriels de la file, réessaie ceux en échec, programme les travaux "
        "périodiques (récapitulatif des contrats le lundi à 7 h). S'arrête proprement sur SIGTERM ou Ctrl+C, après "
        "la tâche en cours. `make run` le lance à côté du serveur."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--intervalle",
            type=float,
            default=5.0,
            help="secondes d'attente quand la file est vide (par défaut 5)",
        )
        parser.add_argument("--une-fois", action="store_true", help="un seul tour, puis s'arrêter")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["intervalle"] <= 0:
            raise CommandError("--intervalle : indiquez un nombre de secondes positif.")
        travailleur = Travailleur(intervalle=options["intervalle"])
        if options["une_fois"]:
            executees = travailleur.tour()
            self.stdout.write(f"Un tour : {executees} tâche(s) exécutée(s).")
            return
        travailleur.ecouter_les_signaux()
        self.stdout.write(
            f"Travailleur démarré (file vérifiée toutes les {options['intervalle']:g} s) ; Ctrl+C pour l'arrêter."
        )
        self.stdout.flush()
        travailleur.tourner()
        self.stdout.write("Travailleur arrêté.")
