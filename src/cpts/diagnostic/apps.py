from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class DiagnosticConfig(AppConfig):
    name = "cpts.diagnostic"
    verbose_name = "Diagnostic territorial (indicateurs et profils)"

    def ready(self) -> None:
        from cpts.diagnostic.projet import figer
        from cpts.dossiers.models import Depot

        # Le dépôt du projet de santé fige le profil joint : les dossiers ne connaissent pas le diagnostic.
        post_save.connect(figer, sender=Depot, dispatch_uid="diagnostic_figer_profil")
        # Chaque déploiement migre la base : un seuil du secret changé y recalcule le masquage complémentaire.
        post_migrate.connect(_suivre_le_seuil, sender=self, dispatch_uid="diagnostic_suivre_le_seuil")


def _suivre_le_seuil(**kwargs: Any) -> None:
    from cpts.diagnostic.recalcul import suivre_le_seuil

    suivre_le_seuil()
