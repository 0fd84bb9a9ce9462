from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PilotageConfig(AppConfig):
    name = "cpts.pilotage"
    verbose_name = "Pilotage (tableaux de déploiement)"

    def ready(self) -> None:
        from cpts.contrats.models import Annulation, Contrat, Paiement
        from cpts.territoires.deploiement import donnees_changees

        # Ce que le tableau de bord d'une région garde en plus des tableaux nationaux (cpts.territoires.deploiement) :
        # les contrats signés (date, taille, population) et les paiements versés, annulations comprises. Les
        # versements écrits en masse (démonstration, jeu du banc) changent la version à la main.
        for modele in (Contrat, Paiement, Annulation):
            for signal in (post_save, post_delete):
                signal.connect(donnees_changees, sender=modele, dispatch_uid=f"deploiement.{modele.__name__}")
