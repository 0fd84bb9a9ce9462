"""Les ressources de chaque page (feuilles de style, icône, scripts et fenêtre des thèmes du DSFR), rendues une fois
par processus et par langue : elles ne dépendent que des réglages et du manifeste des fichiers statiques, fixés au
démarrage. Les rendre à chaque page coûtait une dizaine de gabarits et d'adresses statiques par requête."""

from functools import cache, lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
PARTIES = ("entete", "pied")


@lru_cache(maxsize=2 * len(PARTIES) * 4)
def _rendu(partie: str, langue: str | None) -> SafeString:
    return mark_safe(render_to_string(f"ressources/{partie}.html"))


@register.simple_tag
def ressources(partie: str) -> SafeString:
    if partie not in PARTIES:
        raise template.TemplateSyntaxError(f"Ressources inconnues : {partie}")
    return _rendu(partie, translation.get_language())


@cache
def _adresse(nom: str) -> str:
    return reverse(nom)


@register.simple_tag
def adresse(nom: str) -> str:
    """L'adresse d'une page sans paramètre, calculée une fois par processus (les adresses ne changent pas pendant sa
    vie) : le gabarit de base en montre neuf à chaque page, autant de `reverse` par requête avec `{% url %}`."""
    return _adresse(nom)
