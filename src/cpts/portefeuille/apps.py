from django.apps import AppConfig


class PortefeuilleConfig(AppConfig):
    name = "cpts.portefeuille"
    verbose_name = "Portefeuille de CPTS (import et export)"
