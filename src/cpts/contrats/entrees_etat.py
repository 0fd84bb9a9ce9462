"""Ce que lit l'état calculé d'un contrat (`cpts.contrats.etat`), et la règle qui le périme à chaque écriture.

Chaque modèle lu par l'échéancier ou les alertes d'un contrat y est déclaré avec les contrats qu'une de ses lignes
concerne ; l'enregistrement ou la suppression d'une ligne périme leur état dans la même transaction (signaux de
Django : tous les services y passent, sans qu'aucun ait à y penser). Les écritures en masse qui contournent les
signaux (`bulk_create`, `update`, chargement de la démonstration, import d'un portefeuille, restauration) appellent
elles-mêmes `cpts.contrats.etat.perimer` ou `recalculer`.

Un test (`tests/contrats/test_etat.py`) échoue si un modèle qui référence un contrat ou un exercice comptable n'est
ni déclaré ici ni écarté avec sa raison dans `SANS_EFFET`.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from cpts.comptabilite.models import Exercice, Indemnite, LigneExercice
from cpts.contrats.etat import perimer
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


def _contrats_de_la_cpts(cpts_id: int) -> Iterable[int]:
    return Contrat.objects.filter(cpts_id=cpts_id).values_list("pk", flat=True)


def _du_contrat(ligne: Any) -> Iterable[int]:
    return [ligne.contrat_id]


def _de_l_indicateur(ligne: Any) -> Iterable[int]:
    return Indicateur.objects.filter(pk=ligne.indicateur_id).values_list("contrat_id", flat=True)


def _de_l_exercice(ligne: Any) -> Iterable[int]:
    return Contrat.objects.filter(cpts__exercices=ligne.exercice_id).values_list("pk", flat=True)


ENTREES: dict[type[Model], Callable[[Any], Iterable[int]]] = {
    # Un contrat nouveau ou changé périme aussi les autres contrats de sa CPTS : l'alerte de fin d'un contrat se tait
    # quand un contrat plus récent le renouvelle.
    Contrat: lambda contrat: _contrats_de_la_cpts(contrat.cpts_id),
    Avenant: _du_contrat,
    MissionContrat: _du_contrat,
    OptionChoisie: _du_contrat,
    Indicateur: _du_contrat,
    Cible: _de_l_indicateur,
    Valeur: _de_l_indicateur,
    DialogueGestion: _du_contrat,
    BilanMission: lambda bilan: DialogueGestion.objects.filter(pk=bilan.dialogue_id).values_list(
        "contrat_id", flat=True
    ),
    Paiement: _du_contrat,
    Annulation: lambda annulation: Paiement.objects.filter(pk=annulation.paiement_id).values_list(
        "contrat_id", flat=True
    ),
    Exercice: lambda exercice: _contrats_de_la_cpts(exercice.cpts_id),
    LigneExercice: _de_l_exercice,
    Indemnite: _de_l_exercice,
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
    perimer(ENTREES[sender](instance))


def brancher() -> None:
    for modele in ENTREES:
        post_save.connect(_perimer, sender=modele, dispatch_uid=f"etat_contrat_{modele._meta.label}")
        post_delete.connect(_perimer, sender=modele, dispatch_uid=f"etat_contrat_supprime_{modele._meta.label}")
