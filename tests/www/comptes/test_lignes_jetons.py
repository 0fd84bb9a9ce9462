"""Les lignes du tableau des jetons, écrites en Python (`{% lignes_jetons %}`), sont celles qu'écrivait la boucle du
gabarit, au caractère près : dates à l'heure de Paris, jeton révoqué ou révocable, aucun jeton."""

from datetime import UTC, datetime

import pytest
from django.template import engines

from cpts.comptes.models import JetonApi

# La boucle du gabarit `comptes/jetons.html` que la balise remplace.
BOUCLE = """{% for jeton in jetons %}
          <tr>
            <td>{{ jeton.nom }}</td>
            <td>
              <code>{{ jeton.prefixe }}…</code>
            </td>
            <td>{{ jeton.cree_le|date:"SHORT_DATE_FORMAT" }}</td>
            <td>{{ jeton.expire_le|date:"SHORT_DATE_FORMAT" }}</td>
            <td>{{ jeton.dernier_usage|date:"SHORT_DATETIME_FORMAT"|default:"jamais" }}</td>
            <td>
              {% if jeton.revoque_le %}
                Révoqué le {{ jeton.revoque_le|date:"SHORT_DATE_FORMAT" }}
              {% else %}
                <form method="post" action="{% url 'revoquer_jeton' jeton.pk %}">
                  {% csrf_token %}
                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
                    Révoquer <span class="fr-sr-only">{{ jeton.nom }}</span>
                  </button>
                </form>
              {% endif %}
            </td>
          </tr>
        {% empty %}
          <tr>
            <td colspan="6">Aucun jeton.</td>
          </tr>
        {% endfor %}"""
BALISE = "{% load cpts_jetons %}{% lignes_jetons jetons csrf_token %}"


def jeton(pk: int, nom: str, **dates: datetime | None) -> JetonApi:
    return JetonApi(
        pk=pk,
        nom=nom,
        prefixe="cpts_Ab&<9xyz",
        cree_le=datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
        expire_le=datetime(2026, 6, 26, 22, 15, tzinfo=UTC),
        **dates,
    )


REVOCABLE = jeton(7, "script « mensuel » <suivi> & co", dernier_usage=datetime(2026, 7, 14, 21, 59, tzinfo=UTC))
JAMAIS_SERVI = jeton(8, "jamais servi")
REVOQUE = jeton(9, "révoqué", revoque_le=datetime(2026, 10, 25, 0, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    "jetons",
    [[REVOCABLE, JAMAIS_SERVI, REVOQUE], [REVOQUE], []],
    ids=["révocables et révoqué", "révoqué seul", "aucun jeton"],
)
def test_les_lignes_ecrites_sont_celles_de_la_boucle_du_gabarit(jetons: list[JetonApi]) -> None:
    moteur = engines["django"]
    contexte = {"jetons": jetons, "csrf_token": "j3t0n&<masque>"}
    assert moteur.from_string(BALISE).render(contexte) == moteur.from_string(BOUCLE).render(contexte)


def test_une_date_s_ecrit_a_l_heure_de_paris() -> None:
    html = engines["django"].from_string(BALISE).render({"jetons": [REVOCABLE], "csrf_token": "x"})
    # Créé le 28/03/2026 à 23 h 30 UTC : le 29/03 à Paris (heure d'été) ; dernier usage le 14/07 à 23 h 59.
    assert "<td>29/03/2026</td>" in html
    assert "<td>14/07/2026 23:59</td>" in html
