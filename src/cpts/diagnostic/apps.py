from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save

if TYPE_CHECKING:
    from cpts.territoires.importation import Contours


class DiagnosticConfig(AppConfig):
    name = "cpts.diagnostic"
    verbose_name = "Diagnostic territorial (indicateurs et profils)"

    def ready(self) -> None:
        from cpts.diagnostic.projet import figer
        from cpts.dossiers.models import Depot
        from cpts.territoires.importation import referentiel_importe

        # Le dépôt du projet de santé fige le profil joint : les dossiers ne connaissent pas le diagnostic.
        post_save.connect(figer, sender=Depot, dispatch_uid="diagnostic_figer_profil")
        # Chaque déploiement migre la base : un seuil du secret changé y recalcule le masquage complémentaire.
        post_migrate.connect(_suivre_le_seuil, sender=self, dispatch_uid="diagnostic_suivre_le_seuil")
        # Un import des communes peut changer leurs contours : leurs superficies se refont avec lui, celles qui manquent
        # (une base d'avant le diagnostic) sont calculées.
        referentiel_importe.connect(_refaire_les_surfaces, dispatch_uid="diagnostic_refaire_les_surfaces")


def _refaire_les_surfaces(contours: "Contours", contours_changes: list[str], **kwargs: Any) -> bool:
    from cpts.diagnostic.integres import refaire_les_surfaces

    return refaire_les_surfaces(contours, contours_changes)


def _suivre_le_seuil(**kwargs: Any) -> None:
    from cpts.diagnostic.recalcul import suivre_le_seuil

    suivre_le_seuil()
