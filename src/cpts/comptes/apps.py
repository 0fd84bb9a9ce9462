from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "cpts.comptes"
    verbose_name = "Comptes et droits"
