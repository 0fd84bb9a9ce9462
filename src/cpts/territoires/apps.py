from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "cpts.territoires"
    verbose_name = "Territoires"

    def ready(self) -> None:
        from cpts.dossiers.etapes import cpts_fermee
        from cpts.territoires.enregistrement import rendre_le_territoire

        cpts_fermee.connect(rendre_le_territoire, dispatch_uid="territoires.rendre_le_territoire")
