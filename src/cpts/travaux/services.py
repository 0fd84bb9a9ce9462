"""Lancer un travail de fond une seule fois par événement, puis l'exécuter une seule fois dans le travailleur.

`lancer` s'appelle dans la page qui reçoit la demande : le travail et sa tâche (django-tasks, file en base) naissent
dans la même transaction. `executer` s'appelle dans la tâche : la ligne verrouillée passe « en cours » avant le
travail, si bien qu'une tâche rejouée ou prise par un second travailleur ne refait rien.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task

from cpts.travaux import avancement
from cpts.travaux.models import StatutTravail, Travail

logger = logging.getLogger(__name__)


def lancer(
    tache: Task[[int], str], *, genre: str, cle: str, demandeur: Any, parametres: dict[str, Any], fichier: bytes = b""
) -> Travail:
    """Crée le travail et met sa tâche dans la file ; rend celui qui existait déjà si `cle` a déjà servi."""
    with transaction.atomic():
        travail, cree = Travail.objects.get_or_create(
            cle=cle, defaults={"genre": genre, "demandeur": demandeur, "parametres": parametres, "fichier": fichier}
        )
        if cree:
            tache.enqueue(travail.pk)
    return travail


def executer(travail_id: int, fonction: Callable[[Travail], dict[str, Any]]) -> str:
    """Fait le travail s'il attend encore ; rend son statut. Une erreur imprévue est gardée en français pour la page
    de suivi, jamais muette ; le fichier envoyé est effacé dans tous les cas. `fonction` écrit tout ou rien (une
    transaction) : un échec ne laisse rien à moitié écrit."""
    with transaction.atomic():
        travail = Travail.objects.select_for_update().get(pk=travail_id)
        if travail.statut != StatutTravail.A_FAIRE:
            return travail.statut
        travail.statut = StatutTravail.EN_COURS
        travail.commence_le = timezone.now()
        travail.save(update_fields=["statut", "commence_le"])
    try:
        resultat = fonction(travail)
    except Exception:
        # Ni nom ni adresse au journal technique : le numéro du travail et son genre suffisent à le retrouver.
        logger.exception("Travail %s (%s) en échec.", travail.pk, travail.genre)
        travail.statut = StatutTravail.ECHEC
        travail.erreur = "Le travail a échoué sur une erreur imprévue, rien n'a été écrit. Réessayez ou signalez-le."
    else:
        travail.statut = StatutTravail.TERMINE
        travail.resultat = resultat
    avancement.effacer(travail.pk)
    travail.fichier = b""
    travail.fini_le = timezone.now()
    travail.save(update_fields=["statut", "resultat", "erreur", "fichier", "fini_le"])
    return travail.statut
