from django.apps import AppConfig


class ContratsConfig(AppConfig):
    name = "cpts.contrats"
    verbose_name = "Contrats ACI et suivi"
