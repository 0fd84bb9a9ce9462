"""Où se trouve une CPTS : une région et des départements du référentiel (codes INSEE), qui concordent."""

from django.core.exceptions import ValidationError

from cpts.territoires.models import Departement, Region


def verifier_localisation(region: str, departement: str, autres_departements: list[str]) -> None:
    """Région et départements pris au référentiel (codes INSEE) ; le département principal est dans la région."""
    erreurs: dict[str, str] = {}
    if not Region.objects.filter(code=region).exists():
        erreurs["region"] = f"Région : « {region} » n'est pas une région du référentiel (code INSEE, par exemple 84)."
    region_du_departement = Departement.objects.filter(code=departement).values_list("region_id", flat=True).first()
    if region_du_departement is None:
        erreurs["departement"] = f"Département principal : « {departement} » n'est pas un département du référentiel."
    elif "region" not in erreurs and region_du_departement != region:
        erreurs["departement"] = (
            f"Département principal : le {departement} n'est pas dans la région {region} "
            f"(il est dans la région {region_du_departement})."
        )
    connus = set(Departement.objects.filter(code__in=autres_departements).values_list("code", flat=True))
    inconnus = [code for code in autres_departements if code not in connus]
    if len(inconnus) == 1:
        erreurs["autres_departements"] = (
            f"Autres départements : « {inconnus[0]} » n'est pas un département du référentiel."
        )
    elif inconnus:
        liste = ", ".join(f"« {code} »" for code in inconnus)
        erreurs["autres_departements"] = f"Autres départements : {liste} ne sont pas des départements du référentiel."
    if erreurs:
        raise ValidationError(erreurs)
