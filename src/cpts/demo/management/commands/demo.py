from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cpts.comptes.models import Utilisateur
from cpts.contrats.etat import recalculer
from cpts.contrats.models import Contrat
from cpts.contrats.peremption import peremption_groupee
from cpts.demo import aura, chargement
from cpts.demo.commission import creer_commissions
from cpts.demo.comptes import creer_comptes, rattacher_coordinateurs
from cpts.demo.comptes_annuels import deposer_les_comptes
from cpts.demo.contrats import faire_vivre
from cpts.demo.dossier import completer_dossiers
from cpts.territoires.models import Commune


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration par l'import du portefeuille (fichiers de src/cpts/demo/portefeuilles : "
        "Auvergne-Rhône-Alpes d'après la CPR du 9 juin 2021, Pays de la Loire d'après celle du 4 février 2021, puis "
        "la suite jusqu'à aujourd'hui : étapes, contrats suivis, payés et renouvelés), les CPR, les statistiques "
        "nationales publiées et les comptes de démonstration. Demande le référentiel des communes (cpts communes "
        "import). Sans effet sur ce qui existe déjà : relancer ne duplique ni ne perd rien. Refusée en production."
    )

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration ne se chargent pas en production.")
        if not Commune.objects.exists():
            raise CommandError("Le référentiel des communes est vide : lancez d'abord « cpts communes import ».")
        # Une seule transaction, dont les écritures périment l'état de leurs contrats une fois, à sa fin (et avant
        # chaque lecture de cet état) : chaque ligne le faisait à son enregistrement, un dixième du chargement.
        with peremption_groupee():
            comptes = creer_comptes()
            admin = Utilisateur.objects.get(username="admin")
            try:
                projets = chargement.charger(admin)
            except chargement.PortefeuilleRefuse as refus:
                raise CommandError(f"Portefeuille de démonstration refusé, rien n'a été écrit. {refus}") from None
            rattacher_coordinateurs()
            completer_dossiers(admin)
            aura.creer_statistiques()
            creer_commissions()
            renouveles = faire_vivre(admin, tuple(chargement.fichiers()), timezone.localdate())
            deposer_les_comptes(admin, tuple(chargement.fichiers()), timezone.localdate())
            # Les états périmés par le chargement, recalculés ici plutôt qu'à la première page ouverte.
            recalculer(Contrat.objects.all())
        self.stdout.write(
            f"Données de démonstration : {projets} projets créés, {comptes} comptes créés, {renouveles} contrats "
            "renouvelés."
        )
