from datetime import time

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cpts.notifications"
    verbose_name = "Courriels et travaux de fond"

    def ready(self) -> None:
        from cpts.notifications.calendrier import Hebdomadaire, chaque_semaine
        from cpts.notifications.taches import programmer_la_purge

        chaque_semaine(Hebdomadaire("purge-journal-courriels", jour=6, heure=time(3), programmer=programmer_la_purge))
