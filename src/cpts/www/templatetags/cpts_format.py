import string
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.safestring import SafeString, mark_safe

from cpts import affichage, bornes
from cpts.dossiers import suivi
from cpts.dossiers.models import Cpts
from cpts.www.formulaires import echapper

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


@register.simple_tag
def chacun(objets: Iterable[object], modele: str) -> SafeString:
    """`modele` (un format de `format_html`, aux champs nommés) rempli par les attributs de chaque objet, chaque valeur
    échappée, sans séparateur : `{% chacun conflits "<li>{nom_commune} : {cpts}</li>" %}`.

    Pour les longues listes de lignes simples : la boucle `for` d'un gabarit résout et échappe chaque variable par le
    moteur de gabarits, quinze fois plus lentement (les 136 conflits d'un résumé : 0,9 ms contre 0,06, l'essentiel du
    rendu d'un ajout au compositeur ; `format_html_join` en prend encore 0,7). L'échappement est celui de Django.
    """
    # Le modèle vient du gabarit ; chaque valeur est échappée.
    noms = _champs(modele)
    return mark_safe(
        "".join(modele.format_map({nom: echapper(getattr(objet, nom)) for nom in noms}) for objet in objets)
    )


@lru_cache(maxsize=64)
def _champs(modele: str) -> tuple[str, ...]:
    return tuple(nom for _, nom, _, _ in string.Formatter().parse(modele) if nom)
