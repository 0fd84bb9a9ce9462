from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "cpts.pilotage"
    verbose_name = "Pilotage (tableaux de déploiement)"
