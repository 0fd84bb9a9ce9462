"""Les régions dont un utilisateur peut importer ou exporter le portefeuille : celles où il instruit des dossiers.

Les droits sur chaque CPTS restent vérifiés ligne par ligne par les services (un agent départemental voit refusées
les lignes des autres départements) ; l'export ne contient que les CPTS qu'il voit."""

from typing import Any

from cpts.comptes.droits import Action, Portee, portee
from cpts.territoires.models import Departement, Region


def regions_permises(utilisateur: Any) -> list[str]:
    portee_ = portee(utilisateur, Action.INSTRUIRE)
    if portee_ is None:
        return []
    if portee_ == Portee.TOUT:
        return list(Region.objects.order_by("code").values_list("code", flat=True))
    if utilisateur.region:
        return [utilisateur.region]
    departements = Departement.objects.filter(code__in=utilisateur.departements)
    return sorted(set(departements.values_list("region_id", flat=True)))
