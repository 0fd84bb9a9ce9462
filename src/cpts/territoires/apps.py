from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "cpts.territoires"
    verbose_name = "Territoires"
