from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "cpts.bench"
    verbose_name = "Banc d'essai de performances"
