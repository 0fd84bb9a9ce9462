"""La pagination du système de design de l'État, écrite en Python (`dsfr/pagination.html` l'appelle).

Elle remplace celle de django-dsfr : un lien vers une page qui n'existe pas (avant la première, après la dernière) n'a
pas d'adresse et porte aria-disabled, comme dans le système de design ; sans cela il se lit comme un lien actif, au
contraste insuffisant. Écrite en Python parce que son gabarit, rendu au bas de chaque longue liste, coûtait à lui seul
le dixième du temps des pages des alertes et des versements à venir (une adresse recalculée par le moteur de gabarits
pour chaque lien) ; même HTML aux espaces près (`tests/www/templatetags/test_cpts_pagination.py`).
"""

from collections.abc import Callable
from html import escape
from typing import Any

from django import template
from django.core.paginator import Page
from django.http import HttpRequest, QueryDict
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _adresses(request: HttpRequest) -> Callable[[int], str]:
    """Comme `{% url_remplace_params page=numero %}` de django-dsfr (les paramètres de la page, `page` remplacé à sa
    place ou ajouté à la fin), les autres paramètres encodés une fois pour tous les liens : la copie des paramètres
    de la requête pour chaque lien coûtait le tiers de la pagination."""
    avant, apres = QueryDict(mutable=True), QueryDict(mutable=True)
    cote = avant
    for cle, valeurs in request.GET.lists():
        if cle == "page":
            cote = apres
        else:
            cote.setlist(cle, valeurs)
    debut, fin = avant.urlencode(), apres.urlencode()
    return lambda numero: escape("&".join(morceau for morceau in (debut, f"page={numero}", fin) if morceau))


def _lien(classe: str, texte: str, adresse: Callable[[int], str], numero: int | None) -> str:
    if numero is None:
        return f'<li><a class="fr-pagination__link {classe}" aria-disabled="true" role="link">{texte}</a></li>'
    return f'<li><a class="fr-pagination__link {classe}" href="?{adresse(numero)}">{texte}</a></li>'


def _numero(adresse: Callable[[int], str], page: Page, numero: Any) -> str:
    if numero == page.number:
        return (
            f'<li><a class="fr-pagination__link" aria-current="page" title="Page {numero}" '
            f'href="?{adresse(numero)}">{numero}</a></li>'
        )
    if numero == page.paginator.ELLIPSIS:
        return '<li><span class="fr-pagination__link fr-unhidden-lg">…</span></li>'
    return f'<li><a class="fr-pagination__link" title="Page {numero}" href="?{adresse(numero)}">{numero}</a></li>'


@register.simple_tag(takes_context=True)
def pagination_dsfr(context: template.Context, page: Page) -> SafeString:
    adresse = _adresses(context["request"])
    precedente = page.previous_page_number() if page.has_previous() else None
    suivante = page.next_page_number() if page.has_next() else None
    derniere = None if suivante is None else page.paginator.num_pages
    numeros = getattr(page, "pages_list", None) or []
    if numeros:
        liste = "".join(_numero(adresse, page, numero) for numero in numeros)
    else:
        liste = (
            f'<li><a class="fr-pagination__link" aria-current="page" title="Page {page.number} sur '
            f'{page.paginator.num_pages}" href="?{adresse(page.number)}">{page.number} / '
            f"{page.paginator.num_pages}</a></li>"
        )
    return mark_safe(
        '<nav role="navigation" class="fr-pagination" aria-label="Pagination"><ul class="fr-pagination__list">'
        f"{_lien('fr-pagination__link--first', 'Première page', adresse, None if precedente is None else 1)}"
        f"{_lien('fr-pagination__link--prev fr-pagination__link--lg-label', 'Page précédente', adresse, precedente)}"
        f"{liste}"
        f"{_lien('fr-pagination__link--next fr-pagination__link--lg-label', 'Page suivante', adresse, suivante)}"
        f"{_lien('fr-pagination__link--last', 'Dernière page', adresse, derniere)}"
        "</ul></nav>"
    )
