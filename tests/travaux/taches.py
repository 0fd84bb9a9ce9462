"""Des tâches de fond des tests, que le travailleur d'un vrai processus sait importer (le dossier du dépôt est dans
son chemin) : un travail qui dure, le temps de tuer son travailleur ; une tâche qui lit son propre signe de vie."""

import time
from typing import Any

from django_tasks import TaskContext, task

from cpts.travaux import battement, services
from cpts.travaux.models import Travail


def _dormir(travail: Travail) -> dict[str, Any]:
    time.sleep(600)
    return {}


@task()
def dormir(travail_id: int) -> str:
    return services.executer(travail_id, _dormir)


@task(takes_context=True)
def lire_son_signe_de_vie(context: TaskContext) -> str | None:
    signe = battement.dernier_signe_de_tache(context.task_result.id)
    return signe.isoformat() if signe else None
