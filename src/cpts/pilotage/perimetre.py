"""La région qu'un tableau de bord montre à un utilisateur, d'après son périmètre."""

from cpts.comptes.roles import Role
from cpts.territoires.models import Departement


def region_de(utilisateur: object) -> str | None:
    """La région du tableau de bord d'un utilisateur : celle de son périmètre, s'il en a une."""
    if getattr(utilisateur, "region", ""):
        return utilisateur.region
    if getattr(utilisateur, "departements", None):
        return Departement.objects.filter(code__in=utilisateur.departements).values_list("region_id", flat=True).first()
    if getattr(utilisateur, "role", "") == Role.COORDINATEUR:
        return utilisateur.cpts.values_list("region", flat=True).first()
    return None
