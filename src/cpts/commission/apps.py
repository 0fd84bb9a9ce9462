from django.apps import AppConfig


class CommissionConfig(AppConfig):
    name = "cpts.commission"
    verbose_name = "Commission paritaire régionale"
