"""Une tâche de fond des tests, que le travailleur d'un vrai processus sait importer (le dossier du dépôt est dans
son chemin) : un travail qui dure, le temps de tuer son travailleur."""

import time
from typing import Any

from django_tasks import task

from cpts.travaux import services
from cpts.travaux.models import Travail


def _dormir(travail: Travail) -> dict[str, Any]:
    time.sleep(600)
    return {}


@task()
def dormir(travail_id: int) -> str:
    return services.executer(travail_id, _dormir)
