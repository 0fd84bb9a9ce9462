"""Qui importe des indicateurs, et pour quels lieux : les agents ARS et CPAM, dans leur périmètre d'instruction.

- une commune ou un département : dans la région de l'agent régional, ou parmi les départements de l'agent
  départemental ;
- une région : la sienne, pour un agent régional ;
- une CPTS : celles qu'il instruit (`cpts.comptes.droits`, action « instruire ») ;
- la France : l'administrateur seul, car ces valeurs servent de comparaison à toutes les régions.
"""

from typing import Any

from cpts.comptes.droits import Action, Portee, autorise, portee
from cpts.diagnostic.models import Niveau
from cpts.dossiers.models import Cpts


def peut_importer(utilisateur: Any) -> bool:
    return portee(utilisateur, Action.INSTRUIRE) is not None


def refus_du_lieu(
    utilisateur: Any, niveau: str, departement: str | None, region: str | None, cpts: Cpts | None
) -> str | None:
    """La raison, en français, pour laquelle l'utilisateur n'importe pas de valeur pour ce lieu ; None s'il le peut."""
    portee_ = portee(utilisateur, Action.INSTRUIRE)
    if portee_ == Portee.TOUT:
        return None
    if portee_ is None or niveau == Niveau.FRANCE:
        return "seul un administrateur importe des valeurs de la France entière."
    if niveau == Niveau.CPTS:
        return (
            None
            if cpts is not None and autorise(utilisateur, Action.INSTRUIRE, cpts)
            else "CPTS hors de votre périmètre."
        )
    if utilisateur.region:
        return None if region == utilisateur.region else "lieu hors de votre région."
    if niveau == Niveau.REGION:
        return "un agent départemental n'importe pas de valeurs régionales."
    return None if departement in utilisateur.departements else "lieu hors de vos départements."
