"""Une longue liste à l'écran, page par page (pagination du DSFR) : seules les lignes de la page sont rendues."""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAR_PAGE = 50


def paginer(request: HttpRequest, objets: QuerySet[Any] | Sequence[Any], par_page: int | None = None) -> Page:
    """La page demandée (`?page=`) ; un numéro illisible ou hors des pages donne la première ou la dernière."""
    page = Paginator(objets, par_page or PAR_PAGE).get_page(request.GET.get("page"))
    # La liste des numéros (avec « … ») que le gabarit de pagination de django-dsfr attend.
    page.pages_list = list(page.paginator.get_elided_page_range(page.number))  # type: ignore[attr-defined]
    return page
