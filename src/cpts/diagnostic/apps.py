from django.apps import AppConfig


class DiagnosticConfig(AppConfig):
    name = "cpts.diagnostic"
    verbose_name = "Diagnostic territorial (indicateurs et profils)"
