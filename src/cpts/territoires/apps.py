from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class TerritoiresConfig(AppConfig):
    name = "cpts.territoires"
    verbose_name = "Territoires"

    def ready(self) -> None:
        from cpts.dossiers.etapes import cpts_fermee
        from cpts.dossiers.models import Cpts, DecisionEtape
        from cpts.territoires.deploiement import donnees_changees
        from cpts.territoires.enregistrement import rendre_le_territoire
        from cpts.territoires.models import Commune, Departement, Region, Territoire

        cpts_fermee.connect(rendre_le_territoire, dispatch_uid="territoires.rendre_le_territoire")
        # Ce que lisent les tableaux nationaux gardés en cache (cpts.territoires.deploiement). Les unités d'un
        # territoire s'écrivent avec leur version (Territoire) ou par l'import des communes (version du référentiel) :
        # pas de signal par unité, qui empêcherait la suppression en bloc d'un territoire.
        for modele in (Cpts, DecisionEtape, Territoire, Commune, Departement, Region):
            for signal in (post_save, post_delete):
                signal.connect(donnees_changees, sender=modele, dispatch_uid=f"deploiement.{modele.__name__}")
        m2m_changed.connect(donnees_changees, sender=Territoire.communes.through, dispatch_uid="deploiement.unites")
