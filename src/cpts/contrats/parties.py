"""Les parties d'un contrat que montre sa fiche et dont partent ses termes (missions, avenants, options), et les
contrats successifs de sa CPTS, lues par des lectures préparées (`cpts.preparees`) : la fiche les lit à chaque
affichage, et leur compilation par l'ORM (requêtes à jointures) coûtait plus que tout le reste de ses lectures."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db.models import Model

from cpts.comptes.models import Utilisateur
from cpts.contrats.models import Avenant, Contrat, MissionContrat, OptionChoisie
from cpts.preparees import LecturePreparee, Parametre, champs, instance

Relations = tuple[tuple[str, type[Model]], ...]
"""Les objets liés lus avec chaque ligne (comme `select_related`) : (champ, modèle)."""


class _Lecture:
    """Les lignes d'un modèle rattachées à un contrat, dans l'ordre du modèle, avec leurs objets liés."""

    def __init__(self, modele: type[Model], relations: Relations = ()) -> None:
        self.modele, self.relations = modele, relations
        colonnes = (*champs(modele), *(colonne for nom, lie in relations for colonne in champs(lie, f"{nom}__")))
        self._lecture = LecturePreparee(
            lambda: modele._default_manager.filter(
                contrat_id=Parametre("contrat", modele._meta.get_field("contrat"))
            ).values_list(*colonnes)
        )

    def objets(self, contrat: int) -> list[Any]:
        debut_relations = len(self.modele._meta.concrete_fields)
        objets = []
        for ligne in self._lecture.lignes(contrat=contrat):
            objet = instance(self.modele, ligne[:debut_relations])
            debut = debut_relations
            for nom, lie in self.relations:
                fin = debut + len(lie._meta.concrete_fields)
                valeurs: Sequence[Any] = ligne[debut:fin]
                # Une relation vide (jointure externe) : toutes ses colonnes sont nulles, sa clé d'abord.
                setattr(objet, nom, None if valeurs[0] is None else instance(lie, list(valeurs)))
                debut = fin
            objets.append(objet)
        return objets


class ContratSuccessif(NamedTuple):
    """Un contrat de la même CPTS, tel que le liste la fiche (contrats successifs)."""

    pk: int
    signature: date
    fin: date


_SUCCESSIFS = LecturePreparee(
    lambda: (
        Contrat.objects.filter(cpts_id=Parametre("cpts", Contrat._meta.get_field("cpts")))
        .order_by("signature")
        .values_list("pk", "signature", "fin")
    )
)
_MISSIONS = _Lecture(MissionContrat, (("ajoutee_par", Avenant), ("retiree_par", Avenant)))
_AVENANTS = _Lecture(Avenant, (("enregistre_par", Utilisateur),))
_OPTIONS = _Lecture(OptionChoisie)


@dataclass(frozen=True)
class Parties:
    missions: list[MissionContrat]
    """Avec les avenants qui les ont ajoutées ou retirées."""
    avenants: list[Avenant]
    """Avec qui les a enregistrés."""
    options: list[OptionChoisie]
    successifs: list[ContratSuccessif]
    """Tous les contrats de sa CPTS (lui compris), du plus ancien au plus récent."""


def parties_du_contrat(contrat: Contrat) -> Parties:
    """Ses missions, ses avenants et ses options, comme `contrat.missions.select_related("ajoutee_par",
    "retiree_par")`, `contrat.avenants.select_related("enregistre_par")` et `contrat.options.all()`, et les contrats
    de sa CPTS."""
    return Parties(
        _MISSIONS.objets(contrat.pk),
        _AVENANTS.objets(contrat.pk),
        _OPTIONS.objets(contrat.pk),
        [ContratSuccessif(*valeurs) for valeurs in _SUCCESSIFS.lignes(cpts=contrat.cpts_id)],
    )
