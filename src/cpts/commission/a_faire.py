"""Ce qui attend un membre de la commission paritaire régionale maintenant, pour sa page d'accueil : les scrutins
ouverts où il vote (pour son siège ou par délégation)."""

from typing import Any

from cpts.commission.enums import EtatScrutin
from cpts.commission.models import Scrutin
from cpts.commission.services.scrutins import sieges_du_membre


def scrutins_a_voter(utilisateur: Any) -> list[Scrutin]:
    ouverts = (
        Scrutin.objects.visibles_par(utilisateur)
        .filter(etat=EtatScrutin.OUVERT)
        .select_related("point__reunion")
        .order_by("ouvert_le", "pk")
    )
    return [scrutin for scrutin in ouverts if sieges_du_membre(scrutin.point.reunion, utilisateur)]
