from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cpts.api"
    verbose_name = "API REST"
