from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "cpts.www"
    verbose_name = "Interface web"
