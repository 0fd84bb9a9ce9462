from django.apps import AppConfig


class FinancementConfig(AppConfig):
    name = "cpts.financement"
    verbose_name = "Financement ACI (simulation)"
