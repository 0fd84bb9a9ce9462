"""La composition en cours, gardée en session jusqu'à son enregistrement (une par CPTS, plus une libre)."""

from django.http import HttpRequest

from cpts.dossiers.models import Cpts
from cpts.territoires.enregistrement import territoire_en_cours


def _cle(cpts: Cpts | None) -> str:
    return f"composition:{cpts.pk if cpts else 'libre'}"


def lire(request: HttpRequest, cpts: Cpts | None) -> list[str]:
    cle = _cle(cpts)
    if cle not in request.session:
        territoire = territoire_en_cours(cpts) if cpts else None
        codes = (
            list(territoire.unites.order_by("commune_id").values_list("commune_id", flat=True)) if territoire else []
        )
        request.session[cle] = codes
    return list(request.session[cle])


def ecrire(request: HttpRequest, cpts: Cpts | None, codes: list[str]) -> None:
    request.session[_cle(cpts)] = list(dict.fromkeys(codes))


def oublier(request: HttpRequest, cpts: Cpts | None) -> None:
    request.session.pop(_cle(cpts), None)
