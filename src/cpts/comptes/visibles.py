"""Un objet lu et contrôlé ensemble, comme `get_object_or_404(Modele.objects.visibles_par(utilisateur), pk=pk)`, ou
tout ce que voit un utilisateur, comme `Modele.objects.visibles_par(utilisateur)`, par une lecture préparée
(`cpts.preparees`).

Pourquoi : la page d'un objet lu à chaque affichage (l'échéancier d'un contrat) passait le quart de son temps à faire
compiler par l'ORM la requête qui le lit et le contrôle. La condition reste celle de `cpts.comptes.droits.filtrer`,
écrite une seule fois : elle est construite pour un substitut de l'utilisateur dont le périmètre (région, CPTS
coordonnées) est fait de `Parametre`, puis compilée une fois par forme de périmètre dans le processus ; seules les
valeurs changent d'un appel à l'autre. La forme tient tout ce qui change le SQL : le rôle, la portée, la présence
d'une région et la liste des départements (écrite dans le SQL, comme le fait `filtrer`).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from cpts.comptes.droits import Action, filtrer, portee
from cpts.preparees import LecturePreparee, Parametre


@dataclass(frozen=True)
class _Substitut:
    """Ce que `filtrer` lit d'un utilisateur, le périmètre en `Parametre`."""

    role: str
    is_superuser: bool
    region: object
    departements: tuple[str, ...]
    cpts: Any
    is_authenticated: bool = True
    is_active: bool = True


def _substitut(utilisateur: Any) -> _Substitut:
    from cpts.comptes.models import Utilisateur

    champ_cpts = Utilisateur._meta.get_field("cpts")
    coordonnees = champ_cpts.related_model.objects.filter(  # type: ignore[union-attr]
        **{f"{champ_cpts.related_query_name()}__pk": Parametre("utilisateur", Utilisateur._meta.pk)}  # type: ignore[union-attr]
    )
    return _Substitut(
        role=utilisateur.role,
        is_superuser=utilisateur.is_superuser,
        region=Parametre("region", Utilisateur._meta.get_field("region")) if utilisateur.region else "",
        departements=tuple(utilisateur.departements or ()),
        cpts=coordonnees,
    )


class LectureVisible:
    """`construire(queryset)` rend la lecture (un `values_list` filtré par des `Parametre`) d'un queryset du modèle
    déjà restreint à ce que voit l'utilisateur ; `lignes` et `premiere` l'exécutent pour un utilisateur."""

    def __init__(self, modele: type[Model], construire: Callable[[QuerySet[Any]], QuerySet[Any]]) -> None:
        self.modele = modele
        self.construire = construire
        self._lectures: dict[tuple[object, ...], LecturePreparee | None] = {}
        self._verrou = threading.Lock()

    def _lecture(self, utilisateur: Any) -> LecturePreparee | None:
        forme = (
            utilisateur.role,
            utilisateur.is_superuser,
            portee(utilisateur, Action.VOIR),
            bool(utilisateur.region),
            tuple(utilisateur.departements or ()),
        )
        if forme not in self._lectures:
            with self._verrou:
                # Sans tri : un DISTINCT (`filtrer`) ajouterait les colonnes du tri par défaut à celles de la lecture.
                visibles = filtrer(_substitut(utilisateur), self.modele._default_manager.order_by())
                # Une portée qui ne voit rien (`queryset.none()`) : aucune requête à faire.
                lecture = None if visibles.query.is_empty() else LecturePreparee(lambda: self.construire(visibles))
                self._lectures.setdefault(forme, lecture)
        return self._lectures[forme]

    def lignes(self, utilisateur: Any, **valeurs: object) -> list[list[Any]]:
        """Les lignes lues de ce que l'utilisateur voit ; `valeurs` : celles des `Parametre` de `construire`. Rien
        pour un utilisateur anonyme ou inactif, comme `visibles_par`."""
        if not getattr(utilisateur, "is_authenticated", False) or not utilisateur.is_active:
            return []
        lecture = self._lecture(utilisateur)
        if lecture is None:
            return []
        return lecture.lignes(region=utilisateur.region, utilisateur=utilisateur.pk, **valeurs)

    def premiere(self, utilisateur: Any, **valeurs: object) -> list[Any] | None:
        """La ligne de l'objet s'il existe et que l'utilisateur le voit, sinon None."""
        lignes = self.lignes(utilisateur, **valeurs)
        return lignes[0] if lignes else None
