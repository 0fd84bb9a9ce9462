"""Ce qui se recalcule après chaque écriture de valeurs, dans la même transaction, pour les indicateurs et années
touchés : les comparaisons que la source n'a pas publiées (calculées des communes), puis le masquage
complémentaire de toutes les valeurs publiées ou calculées, enfin la version des valeurs (les profils gardés en
cache deviennent caducs). Le masquage complémentaire dépend du seuil du secret : un seuil changé (réglage
`CPTS_SEUIL_SECRET`) le fait recalculer pour toutes les valeurs, à la migration qui suit le déploiement ou au
prochain import."""

from collections.abc import Iterable

from django.db import transaction

from cpts.diagnostic import comparaisons, secret
from cpts.diagnostic.models import Valeur
from cpts.diagnostic.version import nouvelle_version, seuil_des_masques


def recalculer(touches: Iterable[tuple[str, int]]) -> None:
    touches = set(touches)
    s = secret.seuil()
    comparaisons.calculer(touches)
    if seuil_des_masques() != s:
        touches |= _toutes()
    secret.recalculer(touches, s)
    nouvelle_version(s)


def suivre_le_seuil() -> bool:
    """Recalcule le masquage complémentaire de toutes les valeurs s'il l'a été sous un autre seuil ; vrai s'il l'a
    fait."""
    s = secret.seuil()
    if seuil_des_masques() == s:
        return False
    with transaction.atomic():
        touches = _toutes()
        if not touches:
            return False
        secret.recalculer(touches, s)
        nouvelle_version(s)
    return True


def _toutes() -> set[tuple[str, int]]:
    return set(Valeur.objects.order_by().values_list("indicateur__code", "annee").distinct())
