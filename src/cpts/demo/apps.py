from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cpts.demo"
    verbose_name = "Données de démonstration"
