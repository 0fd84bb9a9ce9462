"""Les lignes du tableau des jetons d'API d'un compte, écrites en Python.

Pourquoi pas dans le gabarit : la page des jetons est la plus petite page d'un utilisateur connecté, le plancher de
toutes les autres ; chaque ligne y passait par la boucle du moteur de gabarits (une dizaine de variables, quatre
filtres de date, l'adresse de révocation recalculée, le jeton CSRF). Ici une chaîne par ligne, chaque valeur écrite
et échappée comme par le gabarit, avec ses blancs (`tests/www/comptes/test_lignes_jetons.py`).
"""

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from cpts.comptes.models import JetonApi
from cpts.www.formulaires import echapper

register = template.Library()

AUCUN = '\n          <tr>\n            <td colspan="6">Aucun jeton.</td>\n          </tr>\n        '


@lru_cache(maxsize=1024)
def _adresse_revoquer(pk: int) -> str:
    # Les adresses ne changent pas pendant la vie du processus (comme `{% adresse %}`).
    return reverse("revoquer_jeton", args=[pk])


def _date(valeur: datetime | None, format_: str) -> str:
    """`{{ valeur|date:format_ }}` : l'heure locale, au format de la langue."""
    return "" if valeur is None else date_format(template_localtime(valeur), format_)


def _etat(jeton: JetonApi, jeton_csrf: str) -> str:
    if jeton.revoque_le:
        return f"\n                Révoqué le {echapper(_date(jeton.revoque_le, 'SHORT_DATE_FORMAT'))}\n              "
    return (
        "\n"
        f'                <form method="post" action="{echapper(_adresse_revoquer(jeton.pk))}">\n'
        f'                  <input type="hidden" name="csrfmiddlewaretoken" value="{jeton_csrf}">\n'
        '                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">\n'
        f'                    Révoquer <span class="fr-sr-only">{echapper(jeton.nom)}</span>\n'
        "                  </button>\n"
        "                </form>\n"
        "              "
    )


def _ligne(jeton: JetonApi, jeton_csrf: str) -> str:
    dernier_usage = _date(jeton.dernier_usage, "SHORT_DATETIME_FORMAT") or "jamais"
    return (
        "\n          <tr>\n"
        f"            <td>{echapper(jeton.nom)}</td>\n"
        "            <td>\n"
        f"              <code>{echapper(jeton.prefixe)}…</code>\n"
        "            </td>\n"
        f"            <td>{echapper(_date(jeton.cree_le, 'SHORT_DATE_FORMAT'))}</td>\n"
        f"            <td>{echapper(_date(jeton.expire_le, 'SHORT_DATE_FORMAT'))}</td>\n"
        f"            <td>{echapper(dernier_usage)}</td>\n"
        f"            <td>\n              {_etat(jeton, jeton_csrf)}\n            </td>\n"
        "          </tr>\n"
        "        "
    )


@register.simple_tag
def lignes_jetons(jetons: Iterable[JetonApi], jeton_csrf: object) -> SafeString:
    """Une ligne par jeton (révocable ou révoqué), ou « Aucun jeton. »."""
    csrf = echapper(jeton_csrf)
    return mark_safe("".join(_ligne(jeton, csrf) for jeton in jetons) or AUCUN)
