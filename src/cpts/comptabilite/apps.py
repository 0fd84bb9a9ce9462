from django.apps import AppConfig


class ComptabiliteConfig(AppConfig):
    name = "cpts.comptabilite"
    verbose_name = "Emploi des fonds (comptes annuels, indemnités des membres)"
