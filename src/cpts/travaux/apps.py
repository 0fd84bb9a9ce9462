from django.apps import AppConfig


class TravauxConfig(AppConfig):
    name = "cpts.travaux"
    verbose_name = "Travaux de fond (imports et exports longs)"
