from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "cpts.dossiers"
    verbose_name = "Dossiers CPTS"
