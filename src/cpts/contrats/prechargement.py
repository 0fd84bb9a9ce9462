"""Ce que l'échéancier et les alertes lisent de chaque contrat, chargé en une requête par relation pour toute une
liste de contrats : les pages des versements à venir, des alertes et l'accueil des agents coûtent le même nombre de
requêtes pour un contrat ou pour mille (au lieu de six à neuf requêtes par contrat).

Les fonctions de lecture (`dialogues_de`, `indicateurs_de`, `paiements_valides_de`) rendent la liste préchargée
si elle existe, sinon la lisent en base : un contrat seul (sa page) ne change pas de chemin. Une liste ne montre ni
l'auteur d'un versement ni celui d'une valeur : ils ne sont pas chargés (un compte par ligne doublait le temps de
lecture des versements d'une région), et des milliers de versements et de valeurs ne sont lus que pour les champs
que l'échéancier, les alertes et l'export des versements à venir utilisent.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from cpts.comptabilite.models import Exercice
from cpts.contrats.models import Contrat, DialogueGestion, Indicateur, Paiement, Valeur

T = TypeVar("T")


def _dialogues() -> QuerySet[DialogueGestion]:
    return DialogueGestion.objects.prefetch_related("bilans")


def _indicateurs(complet: bool = True) -> QuerySet[Indicateur]:
    valeurs = (
        "valeurs__declaree_par"
        if complet
        else Prefetch("valeurs", queryset=Valeur.objects.only("id", "indicateur_id", "annee", "valeur"))
    )
    return Indicateur.objects.prefetch_related("cibles", valeurs).order_by("mission", "pk")


def _paiements_valides(complet: bool = True) -> QuerySet[Paiement]:
    paiements = Paiement.objects.filter(annulation__isnull=True).order_by("date", "pk")
    if complet:
        return paiements.select_related("enregistre_par")
    return paiements.only("id", "contrat_id", "annee", "mission", "volet", "nature", "montant", "date", "reference")


def _exercices() -> QuerySet[Exercice]:
    return Exercice.objects.prefetch_related("lignes")


def precharger(contrats: QuerySet[Contrat]) -> QuerySet[Contrat]:
    # `renouvele` : un contrat plus récent de la même CPTS existe (l'alerte de fin de contrat se tait alors).
    plus_recents = Contrat.objects.filter(cpts_id=OuterRef("cpts_id"), signature__gt=OuterRef("signature"))
    return contrats.annotate(renouvele=Exists(plus_recents)).prefetch_related(
        "avenants",
        "missions",
        "options",
        Prefetch("dialogues", queryset=_dialogues(), to_attr="dialogues_precharges"),
        Prefetch("indicateurs", queryset=_indicateurs(complet=False), to_attr="indicateurs_precharges"),
        Prefetch("paiements", queryset=_paiements_valides(complet=False), to_attr="paiements_valides_precharges"),
        # Les exercices comptables de la CPTS : les alertes de l'emploi des fonds les lisent pour chaque contrat.
        Prefetch("cpts__exercices", queryset=_exercices(), to_attr="exercices_precharges"),
    )


def _lire(contrat: Contrat, attribut: str, requete: Callable[[], QuerySet[Any]]) -> list[Any]:
    precharges = getattr(contrat, attribut, None)
    return list(precharges) if precharges is not None else list(requete())


def dialogues_de(contrat: Contrat) -> list[DialogueGestion]:
    return _lire(contrat, "dialogues_precharges", lambda: _dialogues().filter(contrat=contrat))


def indicateurs_de(contrat: Contrat) -> list[Indicateur]:
    return _lire(contrat, "indicateurs_precharges", lambda: _indicateurs().filter(contrat=contrat))


def paiements_valides_de(contrat: Contrat) -> list[Paiement]:
    return _lire(contrat, "paiements_valides_precharges", lambda: _paiements_valides().filter(contrat=contrat))


def exercices_de(contrat: Contrat) -> list[Exercice]:
    """Les exercices comptables de la CPTS du contrat."""
    # Sans CPTS déjà chargée, pas de préchargement : la lire coûterait une requête de plus.
    precharges = getattr(contrat.cpts, "exercices_precharges", None) if Contrat.cpts.is_cached(contrat) else None
    return list(precharges) if precharges is not None else list(_exercices().filter(cpts_id=contrat.cpts_id))
