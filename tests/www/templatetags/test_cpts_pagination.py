"""La pagination écrite en Python est celle que rendait le gabarit qu'elle remplace (aux espaces près), pour chaque
position dans la liste et avec les autres paramètres de la page gardés dans chaque adresse."""

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory

from cpts.www.pagination import paginer
from tests.www.templatetags.test_cpts_listes import sans_espaces

# Le gabarit d'avant (`dsfr/pagination.html`), tel qu'il était écrit.
GABARIT = """{% load dsfr_tags %}
<nav role="navigation" class="fr-pagination" aria-label="Pagination">
  <ul class="fr-pagination__list">
    <li>
      {% if page_obj.has_previous %}
        <a class="fr-pagination__link fr-pagination__link--first"
           href="?{% url_remplace_params page=1 %}">Première page</a>
      {% else %}
        <a class="fr-pagination__link fr-pagination__link--first"
           aria-disabled="true"
           role="link">Première page</a>
      {% endif %}
    </li>
    <li>
      {% if page_obj.has_previous %}
        <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
           href="?{% url_remplace_params page=page_obj.previous_page_number %}">Page précédente</a>
      {% else %}
        <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
           aria-disabled="true"
           role="link">Page précédente</a>
      {% endif %}
    </li>
    {% for numero in page_obj.pages_list %}
      <li>
        {% if numero == page_obj.number %}
          <a class="fr-pagination__link"
             aria-current="page"
             title="Page {{ numero }}"
             href="?{% url_remplace_params page=numero %}">{{ numero }}</a>
        {% elif numero == page_obj.paginator.ELLIPSIS %}
          <span class="fr-pagination__link fr-unhidden-lg">…</span>
        {% else %}
          <a class="fr-pagination__link"
             title="Page {{ numero }}"
             href="?{% url_remplace_params page=numero %}">{{ numero }}</a>
        {% endif %}
      </li>
    {% empty %}
      <li>
        <a class="fr-pagination__link"
           aria-current="page"
           title="Page {{ page_obj.number }} sur {{ page_obj.paginator.num_pages }}"
           href="?{% url_remplace_params page=page_obj.number %}">{{ page_obj.number }} / \
{{ page_obj.paginator.num_pages }}</a>
      </li>
    {% endfor %}
    <li>
      {% if page_obj.has_next %}
        <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
           href="?{% url_remplace_params page=page_obj.next_page_number %}">Page suivante</a>
      {% else %}
        <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
           aria-disabled="true"
           role="link">Page suivante</a>
      {% endif %}
    </li>
    <li>
      {% if page_obj.has_next %}
        <a class="fr-pagination__link fr-pagination__link--last"
           href="?{% url_remplace_params page=page_obj.paginator.num_pages %}">Dernière page</a>
      {% else %}
        <a class="fr-pagination__link fr-pagination__link--last"
           aria-disabled="true"
           role="link">Dernière page</a>
      {% endif %}
    </li>
  </ul>
</nav>
"""


def rendre(source: str, **contexte: object) -> str:
    return engines["django"].from_string(source).render(contexte)


@pytest.mark.parametrize("numero", ["1", "2", "7", "13", "14", "999"])
@pytest.mark.parametrize("parametres", [{}, {"jours": "90", "cpts": "l'Étang & <b>", "page": "x"}])
def test_la_pagination_est_celle_du_gabarit_d_avant(numero: str, parametres: dict[str, str]) -> None:
    request = RequestFactory().get("/contrats/alertes/", {**parametres, "page": numero})
    page = paginer(request, list(range(14 * 50 - 3)))
    attendu = rendre(GABARIT, page_obj=page, request=request)
    ecrite = rendre('{% include "dsfr/pagination.html" %}', page_obj=page, request=request)
    assert sans_espaces(ecrite) == sans_espaces(attendu)


def test_une_page_sans_liste_de_numeros_dit_son_rang_comme_le_gabarit_d_avant() -> None:
    request = RequestFactory().get("/dossiers/", {"page": "2"})
    page = Paginator(list(range(120)), 50).get_page(2)
    attendu = rendre(GABARIT, page_obj=page, request=request)
    assert "2 / 3" in attendu
    assert sans_espaces(rendre('{% include "dsfr/pagination.html" %}', page_obj=page, request=request)) == sans_espaces(
        attendu
    )


@pytest.mark.parametrize(
    "requete",
    ["", "?jours=90", "?jours=90&page=3&cpts=a&cpts=b+c", "?page=2&page=5&cpts=%C3%A9", "?cpts=&page=13&jours=30"],
)
def test_la_page_est_remplacee_a_sa_place_ou_ajoutee_a_la_fin_comme_dans_le_gabarit_d_avant(requete: str) -> None:
    request = RequestFactory().get(f"/contrats/versements/{requete}")
    page = paginer(request, list(range(14 * 50 - 3)))
    attendu = rendre(GABARIT, page_obj=page, request=request)
    assert sans_espaces(rendre('{% include "dsfr/pagination.html" %}', page_obj=page, request=request)) == sans_espaces(
        attendu
    )
