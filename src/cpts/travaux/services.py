"""Lancer un travail de fond une seule fois par événement, puis l'exécuter une seule fois dans le travailleur.

`lancer` s'appelle dans la page qui reçoit la demande : le travail et sa tâche (django-tasks, file en base) naissent
dans la même transaction. `executer` s'appelle dans la tâche : la ligne verrouillée passe « en cours » avant le
travail, si bien qu'une tâche rejouée ou prise par un second travailleur ne refait rien.

Un travailleur arrêté net laisserait son travail « en cours » pour toujours : pendant le travail, il donne signe de
vie (`battement`) ; `constater_abandons`, appelé à chaque tour du travailleur et par la page de suivi, passe en
échec le travail muet depuis `TRAVAUX_SILENCE_MAX` secondes, avec un message pour celui qui l'a demandé. La tâche de la
file qui le portait passe en échec elle aussi (`constater_taches_abandonnees`), comme toute tâche muette. Il n'est pas
relancé : un travail qui a tué son travailleur (mémoire épuisée) le tuerait encore. Le travail et son statut
« terminé » s'écrivent dans la même transaction : arrêté où que ce soit, il n'a rien écrit, et le message le dit.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from cpts.travaux import avancement, battement
from cpts.travaux.models import StatutTravail, Travail

logger = logging.getLogger(__name__)

MESSAGE_IMPREVU = "Le travail a échoué sur une erreur imprévue, rien n'a été écrit. Réessayez ou signalez-le."
MESSAGE_ABANDON = (
    "Le travail s'est interrompu : le travailleur de fond s'est arrêté pendant qu'il le faisait (plus aucun signe "
    "de vie depuis le {depuis}). Rien n'a été écrit : relancez-le ; si cela se répète, signalez-le."
)


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
        with battement.battre(travail.pk), transaction.atomic():
            travail.resultat = fonction(travail)
            _finir(travail, StatutTravail.TERMINE)
    except Exception:
        # Ni nom ni adresse au journal technique : le numéro du travail et son genre suffisent à le retrouver.
        logger.exception("Travail %s (%s) en échec.", travail.pk, travail.genre)
        travail.resultat = None
        _finir(travail, StatutTravail.ECHEC, MESSAGE_IMPREVU)
    return travail.statut


def _finir(travail: Travail, statut: str, erreur: str = "", maintenant: datetime | None = None) -> None:
    travail.statut = statut
    travail.erreur = erreur
    travail.fichier = b""
    travail.fini_le = maintenant or timezone.now()
    travail.save(update_fields=["statut", "resultat", "erreur", "fichier", "fini_le"])
    avancement.effacer(travail.pk)


def constater_abandons(maintenant: datetime | None = None, parmi: Iterable[int] | None = None) -> list[int]:
    """Passe en échec les travaux « en cours » (tous, ou ceux de `parmi`) dont le travailleur ne donne plus signe de
    vie depuis `TRAVAUX_SILENCE_MAX` secondes ; rend leurs numéros. Le dernier signe est le battement, ou le début
    du travail s'il n'en a donné aucun."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(seconds=settings.TRAVAUX_SILENCE_MAX)
    en_cours = Travail.objects.filter(statut=StatutTravail.EN_COURS, commence_le__lt=limite)
    if parmi is not None:
        en_cours = en_cours.filter(pk__in=list(parmi))
    muets = {
        pk: max(commence_le, battement.dernier_signe(pk) or commence_le)
        for pk, commence_le in en_cours.values_list("pk", "commence_le")
    }
    abandonnes = []
    for pk, dernier in muets.items():
        if dernier >= limite:
            continue
        with transaction.atomic():
            travail = Travail.objects.select_for_update().get(pk=pk)
            if travail.statut != StatutTravail.EN_COURS:
                continue
            depuis = timezone.localtime(dernier).strftime("%d/%m/%Y à %H:%M")
            _finir(travail, StatutTravail.ECHEC, MESSAGE_ABANDON.format(depuis=depuis), maintenant)
        battement.effacer(pk)
        logger.error("Travail %s (%s) abandonné par son travailleur : passé en échec.", pk, travail.genre)
        abandonnes.append(pk)
    return abandonnes


class TravailleurArrete(Exception):
    """La raison gardée sur une tâche de la file abandonnée par son travailleur arrêté net."""


def constater_taches_abandonnees(maintenant: datetime | None = None) -> list[str]:
    """Passe en échec les tâches de la file (django-tasks) « en cours » dont le travailleur ne donne plus signe de vie
    depuis `TRAVAUX_SILENCE_MAX` secondes ; rend leurs identifiants. Sans cela, la ligne d'un travailleur tué resterait
    « en cours » pour toujours. Comme un travail, elle n'est pas relancée ; celle d'un travail (`executer`) a déjà fait
    passer ce travail en échec (`constater_abandons`), avec le message de sa page de suivi."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(seconds=settings.TRAVAUX_SILENCE_MAX)
    abandonnees = []
    for tache_id, commencee_le in (
        DBTaskResult.objects.running().filter(started_at__lt=limite).values_list("id", "started_at")
    ):
        dernier = max(commencee_le, battement.dernier_signe_de_tache(tache_id) or commencee_le)
        if dernier >= limite:
            continue
        with transaction.atomic():
            tache = DBTaskResult.objects.select_for_update().filter(id=tache_id).running().first()
            if tache is None:
                continue
            depuis = timezone.localtime(dernier).strftime("%d/%m/%Y à %H:%M")
            tache.set_failed(
                TravailleurArrete(
                    f"Le travailleur de fond s'est arrêté pendant cette tâche (muette depuis le {depuis})."
                )
            )
        battement.effacer_tache(tache_id)
        logger.error("Tâche %s (%s) abandonnée par son travailleur : passée en échec.", tache_id, tache.task_path)
        abandonnees.append(str(tache_id))
    return abandonnees


def suivre(travail: Travail) -> Travail:
    """Le travail tel que le voit celui qui le suit : en échec si son travailleur s'est tu."""
    if travail.statut == StatutTravail.EN_COURS and constater_abandons(parmi=[travail.pk]):
        travail.refresh_from_db()
    return travail
