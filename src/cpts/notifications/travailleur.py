"""Le travailleur de fond : à chaque tour, il programme les travaux périodiques dus puis exécute les tâches prêtes de
la file (django-tasks, moteur « base de données »), une par une.

`Travailleur.tour(maintenant)` fait un tour complet (d'abord, les travaux et les tâches abandonnés par un travailleur
arrêté net passent en échec) et rend le nombre de tâches exécutées : les tests l'appellent avec l'heure qu'ils
veulent, la commande `cpts travailleur` l'appelle en boucle.
"""

import logging
import signal
import time
from collections.abc import Iterable
from datetime import datetime
from types import FrameType

from django.db import OperationalError, close_old_connections
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_QUEUE_NAME, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from cpts.notifications import calendrier
from cpts.travaux import battement
from cpts.travaux import services as travaux

logger = logging.getLogger(__name__)


class Travailleur(Worker):
    """`periodiques` : les travaux hebdomadaires qu'il programme (par défaut, tous ceux qu'ont inscrits les
    applications) ; un test qui ne parle pas d'eux en donne une liste vide."""

    def __init__(self, intervalle: float = 5.0, periodiques: Iterable[calendrier.Hebdomadaire] | None = None) -> None:
        super().__init__(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=intervalle,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"cpts-{get_random_string(12)}",
            excluded_queue_names=[],
        )
        self.periodiques = list(calendrier.inscrits() if periodiques is None else periodiques)

    def _prendre(self, maintenant: datetime) -> DBTaskResult | None:
        """Réserve la prochaine tâche prête à `maintenant`, pour ce seul travailleur."""
        pretes = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, backend_name=self.backend_name, queue_name__in=self.queue_names
        ).filter(Q(run_after=get_date_max()) | Q(run_after__lte=maintenant))
        with exclusive_transaction(pretes.db):
            try:
                tache = pretes.get_locked()
            except OperationalError as erreur:
                if is_locked_database_exception(erreur):
                    return None  # base occupée par un autre processus : au tour suivant
                raise
            if tache is not None:
                tache.claim(self.worker_id)
        return tache

    def tour(self, maintenant: datetime | None = None) -> int:
        maintenant = maintenant or timezone.now()
        # Le travail qu'un autre travailleur (ou celui-ci, avant un redémarrage) a laissé en plein milieu, et sa tâche.
        travaux.constater_abandons(maintenant)
        travaux.constater_taches_abandonnees(maintenant)
        calendrier.programmer_les_passages(maintenant, self.periodiques)
        executees = 0
        while self.running and (tache := self._prendre(maintenant)) is not None:
            self.run_task(tache)
            executees += 1
        return executees

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # Un signe de vie tant que la tâche tourne : tué net, le travailleur le laisse vieillir, et le tour d'un autre
        # travailleur passe la tâche en échec au lieu de la laisser « en cours » pour toujours.
        with battement.battre_tache(db_task_result.id):
            super().run_task(db_task_result)

    def arreter(self, signum: int, frame: FrameType | None) -> None:
        # Un second signal (Ctrl+C reçu par tout le groupe, puis SIGTERM de `make run`) ne coupe pas la tâche en
        # cours : un courriel à moitié envoyé serait renvoyé au tour suivant.
        if self.running:
            logger.warning("%s reçu : arrêt après la tâche en cours.", signal.Signals(signum).name)
        self.running = False

    def ecouter_les_signaux(self) -> None:
        signal.signal(signal.SIGINT, self.arreter)
        signal.signal(signal.SIGTERM, self.arreter)

    def tourner(self) -> None:
        """Tourne jusqu'à SIGTERM ou SIGINT (après `ecouter_les_signaux`) : la tâche en cours se termine, puis le
        travailleur s'arrête."""
        try:
            while self.running:
                close_old_connections()
                if self.tour() == 0:
                    attente = time.monotonic() + self.interval
                    while self.running and time.monotonic() < attente:
                        time.sleep(0.2)
        finally:
            self.reset_signals()
            close_old_connections()
