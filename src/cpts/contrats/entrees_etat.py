"""Ce que lit l'état calculé d'un contrat (`cpts.contrats.etat`), et la règle qui le périme à chaque écriture.

Chaque modèle lu par l'échéancier ou les alertes d'un contrat y est déclaré avec les contrats qu'une de ses lignes
concerne ; l'enregistrement ou la suppression d'une ligne périme leur état dans la même transaction (signaux de
Django : tous les services y passent, sans qu'aucun ait à y penser). Les écritures en masse qui contournent les
signaux (`bulk_create`, `update`, chargement de la démonstration, import d'un portefeuille, restauration) appellent
elles-mêmes `cpts.contrats.peremption.perimer` ou `cpts.contrats.etat.recalculer`. Un service qui écrit plusieurs
lignes s'ouvre par `cpts.contrats.peremption.peremption_groupee` : ses contrats ne sont cherchés, verrouillés et
périmés qu'une fois, à la fin de sa transaction.

Un test (`tests/contrats/test_etat.py`) échoue si un modèle qui référence un contrat ou un exercice comptable n'est
ni déclaré ici ni écarté avec sa raison dans `SANS_EFFET`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from cpts.comptabilite.models import Exercice, Indemnite, LigneExercice
from cpts.contrats.models import (
    Annulation,
    Avenant,
    BilanMission,
    Cible,
    Contrat,
    DialogueGestion,
    Indicateur,
    MissionContrat,
    OptionChoisie,
    Paiement,
    Valeur,
)
from cpts.contrats.peremption import Contrats, perimer, retenir


@dataclass(frozen=True)
class Entree:
    """Comment une ligne désigne les contrats dont elle change l'état : une clé lue sur la ligne, sans requête, et
    les contrats de plusieurs clés, en une requête au plus (`cpts.contrats.peremption.peremption_groupee` les cherche
    toutes d'un coup)."""

    cle: Callable[[Any], int]
    contrats: Contrats


def _eux_memes(contrat_ids: set[int]) -> Iterable[int]:
    return contrat_ids


def _des_cpts(cpts_ids: set[int]) -> Iterable[int]:
    return Contrat.objects.filter(cpts_id__in=cpts_ids).values_list("pk", flat=True)


def _des_indicateurs(indicateur_ids: set[int]) -> Iterable[int]:
    return Indicateur.objects.filter(pk__in=indicateur_ids).values_list("contrat_id", flat=True)


def _des_dialogues(dialogue_ids: set[int]) -> Iterable[int]:
    return DialogueGestion.objects.filter(pk__in=dialogue_ids).values_list("contrat_id", flat=True)


def _des_paiements(paiement_ids: set[int]) -> Iterable[int]:
    return Paiement.objects.filter(pk__in=paiement_ids).values_list("contrat_id", flat=True)


def _des_exercices(exercice_ids: set[int]) -> Iterable[int]:
    return Contrat.objects.filter(cpts__exercices__in=exercice_ids).values_list("pk", flat=True)


DU_CONTRAT = Entree(attrgetter("contrat_id"), _eux_memes)
DE_L_INDICATEUR = Entree(attrgetter("indicateur_id"), _des_indicateurs)
DE_L_EXERCICE = Entree(attrgetter("exercice_id"), _des_exercices)
DE_LA_CPTS = Entree(attrgetter("cpts_id"), _des_cpts)

ENTREES: dict[type[Model], Entree] = {
    # Un contrat nouveau ou changé périme aussi les autres contrats de sa CPTS : l'alerte de fin d'un contrat se tait
    # quand un contrat plus récent le renouvelle.
    Contrat: DE_LA_CPTS,
    Avenant: DU_CONTRAT,
    MissionContrat: DU_CONTRAT,
    OptionChoisie: DU_CONTRAT,
    Indicateur: DU_CONTRAT,
    Cible: DE_L_INDICATEUR,
    Valeur: DE_L_INDICATEUR,
    DialogueGestion: DU_CONTRAT,
    BilanMission: Entree(attrgetter("dialogue_id"), _des_dialogues),
    Paiement: DU_CONTRAT,
    Annulation: Entree(attrgetter("paiement_id"), _des_paiements),
    Exercice: DE_LA_CPTS,
    LigneExercice: DE_L_EXERCICE,
    Indemnite: DE_L_EXERCICE,
}

SANS_EFFET: dict[str, str] = {
    "contrats.EtatContrat": "l'état lui-même",
    "contrats.LigneEtat": "l'état lui-même",
    "contrats.AlerteEtat": "l'état lui-même",
    "comptabilite.ConclusionsFinancieres": "conclusions du dialogue : ni l'échéancier ni les alertes ne les lisent",
}
"""Les modèles qui référencent un contrat ou un exercice sans entrer dans son état (les historiques de
django-simple-history sont écartés d'office : des copies, jamais lues par le calcul)."""


def _perimer(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    entree = ENTREES[sender]
    cle = entree.cle(instance)
    if not retenir(entree.contrats, cle):
        perimer(entree.contrats({cle}))


def brancher() -> None:
    for modele in ENTREES:
        post_save.connect(_perimer, sender=modele, dispatch_uid=f"etat_contrat_{modele._meta.label}")
        post_delete.connect(_perimer, sender=modele, dispatch_uid=f"etat_contrat_supprime_{modele._meta.label}")
