"""La composition en cours, gardée en session jusqu'à son enregistrement (une par CPTS, plus une libre)."""

from django.http import HttpRequest

from cpts.dossiers.models import Cpts
from cpts.territoires.enregistrement import territoire_en_cours


def cle(cpts: Cpts | None) -> str:
    return f"composition:{cpts.pk if cpts else 'libre'}"


def suivi(request: HttpRequest, cpts: Cpts | None) -> str:
    """Le nom de la composition d'un utilisateur d'un clic à l'autre : ses enclaves se déduisent de celles du clic
    précédent (`cpts.territoires.composition.resumer`)."""
    return f"{request.user.pk}:{cle(cpts)}"


def lire(request: HttpRequest, cpts: Cpts | None) -> list[str]:
    nom = cle(cpts)
    if nom not in request.session:
        territoire = territoire_en_cours(cpts) if cpts else None
        codes = (
            list(territoire.unites.order_by("commune_id").values_list("commune_id", flat=True)) if territoire else []
        )
        request.session[nom] = codes
    return list(request.session[nom])


def ecrire(request: HttpRequest, cpts: Cpts | None, codes: list[str]) -> None:
    """Une composition inchangée (commune déjà choisie, code absent retiré) ne réécrit pas la session."""
    nom, codes = cle(cpts), list(dict.fromkeys(codes))
    if request.session.get(nom) != codes:
        request.session[nom] = codes


def oublier(request: HttpRequest, cpts: Cpts | None) -> None:
    request.session.pop(cle(cpts), None)


def modifie(cpts: Cpts | None, codes: list[str]) -> bool:
    """La composition `codes` diffère-t-elle du territoire enregistré de la CPTS ? La composition libre n'a rien
    d'enregistré : elle n'est jamais « modifiée »."""
    if cpts is None:
        return False
    territoire = territoire_en_cours(cpts)
    enregistres = set(territoire.unites.values_list("commune_id", flat=True)) if territoire else set()
    return set(codes) != enregistres
