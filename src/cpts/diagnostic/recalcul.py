"""Ce qui se recalcule après chaque écriture de valeurs, dans la même transaction, pour les indicateurs et années
touchés : les comparaisons que la source n'a pas publiées (calculées des communes), puis le masquage
complémentaire de toutes les valeurs publiées ou calculées, enfin la version des valeurs (les profils gardés en
cache deviennent caducs)."""

from collections.abc import Iterable

from cpts.diagnostic import comparaisons, secret
from cpts.diagnostic.version import nouvelle_version


def recalculer(touches: Iterable[tuple[str, int]]) -> None:
    touches = set(touches)
    comparaisons.calculer(touches)
    secret.recalculer(touches)
    nouvelle_version()
