from django.apps import AppConfig
from django.db.models.signals import post_save


class DiagnosticConfig(AppConfig):
    name = "cpts.diagnostic"
    verbose_name = "Diagnostic territorial (indicateurs et profils)"

    def ready(self) -> None:
        from cpts.diagnostic.projet import figer
        from cpts.dossiers.models import Depot

        # Le dépôt du projet de santé fige le profil joint : les dossiers ne connaissent pas le diagnostic.
        post_save.connect(figer, sender=Depot, dispatch_uid="diagnostic_figer_profil")
