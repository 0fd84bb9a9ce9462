from django.apps import AppConfig


class ContratsConfig(AppConfig):
    name = "cpts.contrats"
    verbose_name = "Contrats ACI et suivi"

    def ready(self) -> None:
        from cpts.contrats.entrees_etat import brancher
        from cpts.contrats.recapitulatif import RECAPITULATIF_HEBDOMADAIRE
        from cpts.notifications.calendrier import chaque_semaine

        chaque_semaine(RECAPITULATIF_HEBDOMADAIRE)
        brancher()
