from decimal import Decimal

from django import template

from cpts import affichage, bornes
from cpts.dossiers import suivi
from cpts.dossiers.models import Cpts

register = template.Library()


@register.filter
def montant(valeur: int | Decimal | None, centimes: bool = False) -> str:
    return "" if valeur is None else affichage.montant(valeur, centimes=bool(centimes))


@register.filter
def nombre(valeur: int | Decimal | None, decimales: int = 0) -> str:
    return "" if valeur is None else affichage.nombre(valeur, int(decimales))


@register.filter
def pourcentage(valeur: int | Decimal | None, decimales: int = 1) -> str:
    return "" if valeur is None else affichage.pourcentage(valeur, int(decimales))


@register.filter
def attendu(cpts: Cpts) -> suivi.Attendu:
    """Ce qui est attendu ensuite d'un dossier : les listes l'affichent ligne à ligne sans requête de plus."""
    return suivi.attendu(cpts)


@register.simple_tag
def limite(nom: str) -> object:
    """Une limite des entrées (`cpts.bornes`), pour que le navigateur la vérifie avant l'envoi."""
    return getattr(bornes, nom)
