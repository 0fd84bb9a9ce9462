"""Les propositions de la recherche du compositeur, écrites en Python (`{% propositions %}`), sont celles qu'écrivait la
boucle du gabarit, au caractère près : mêmes formulaires, même jeton, mêmes valeurs échappées."""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.template import engines
from django.template.base import Variable
from django.test import Client
from django.urls import reverse

from cpts.territoires.memoire import EpciPropose, Proposition
from cpts.www.territoires.views import _adresses
from tests.comptes.factories import UtilisateurFactory

# La boucle du gabarit `territoires/_resultats.html` que la balise remplace.
BOUCLE = """{% for commune in communes %}
      <li>
        <form class="cpts-ajout"
              method="post"
              action="{{ urls.ajouter }}"
              hx-post="{{ urls.ajouter }}"
              hx-target="#composition">
          {# Le jeton de la page, masqué une fois pour tous les résultats (csrf_token le masquerait pour chacun). #}
          <input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
          <input type="hidden" name="code" value="{{ commune.code }}">
          <button type="submit"
                  class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-add-line fr-btn--icon-left">
            {{ commune.nom }} ({{ commune.code }}) — {{ commune.population|nombre }} hab.
          </button>
        </form>
      </li>
    {% endfor %}
    {% for epci in epcis %}
      <li>
        <form class="cpts-ajout"
              method="post"
              action="{{ urls.ajouter_epci }}"
              hx-post="{{ urls.ajouter_epci }}"
              hx-target="#composition">
          {# Le jeton de la page, masqué une fois pour tous les résultats (csrf_token le masquerait pour chacun). #}
          <input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
          <input type="hidden" name="siren" value="{{ epci.siren }}">
          <button type="submit"
                  class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-add-circle-line fr-btn--icon-left">
            Toutes les communes de {{ epci.nom }} (EPCI)
          </button>
        </form>
      </li>
    {% endfor %}"""
# L'annonce du nombre de résultats que la balise `{% annonce %}` remplace.
ANNONCE = """{% if communes or epcis %}
      {% with nombre=communes|length %}
        {% if nombre == 0 %}
          Aucune commune
        {% elif nombre == 1 %}
          1 commune
        {% else %}
          {{ nombre }} communes
        {% endif %}
      {% endwith %}
      {% if epcis %}et {{ epcis|length }} EPCI{% endif %}
      dans les résultats.
    {% elif texte %}
      Aucune commune ne correspond.
    {% endif %}"""
RESOUDRE = Variable.resolve
BALISE = "{% load cpts_recherche %}{% propositions communes epcis urls csrf_token %}"

COMMUNES = [
    Proposition("42218", "Saint-Étienne", 171_924),
    Proposition("2A004", "Ajaccio <& « corse »>", 73_013),
    Proposition("99999", "Sans population", None),  # type: ignore[arg-type]
]
EPCIS = [EpciPropose("200046977", "Métropole de Lyon"), EpciPropose("243500139", "Rennes & <Métropole>")]


@pytest.mark.parametrize(
    ("communes", "epcis"),
    [(COMMUNES, EPCIS), (COMMUNES, []), ([], EPCIS), ([], [])],
    ids=["communes et EPCI", "communes seules", "EPCI seuls", "aucune"],
)
@pytest.mark.parametrize("pk", [None, 12], ids=["composition libre", "CPTS"])
def test_les_propositions_ecrites_sont_celles_de_la_boucle_du_gabarit(
    communes: list[Proposition], epcis: list[EpciPropose], pk: int | None
) -> None:
    moteur = engines["django"]
    contexte = {"communes": communes, "epcis": epcis, "urls": _adresses(pk), "csrf_token": "j3t0n&<masque>"}
    assert moteur.from_string(BALISE).render(contexte) == moteur.from_string(BOUCLE).render(contexte)


@pytest.mark.parametrize("nombre", [0, 1, 2, 10])
@pytest.mark.parametrize("epcis", [[], EPCIS], ids=["sans EPCI", "avec EPCI"])
@pytest.mark.parametrize("texte", ["", "sai"])
def test_l_annonce_ecrite_est_celle_du_gabarit(nombre: int, epcis: list[EpciPropose], texte: str) -> None:
    moteur = engines["django"]
    contexte = {"communes": (COMMUNES * 4)[:nombre], "epcis": epcis, "texte": texte}
    attendu = moteur.from_string(ANNONCE).render(contexte)
    assert moteur.from_string("{% load cpts_recherche %}{% annonce communes epcis texte %}").render(contexte) == attendu


def test_des_communes_cherchees_par_code_s_ecrivent_aussi_comme_la_boucle() -> None:
    moteur = engines["django"]
    par_code = [SimpleNamespace(code=p.code, nom=p.nom, population=p.population) for p in COMMUNES]
    contexte = {"communes": par_code, "epcis": [], "urls": _adresses(None), "csrf_token": "j3t0n"}
    assert moteur.from_string(BALISE).render(contexte) == moteur.from_string(BOUCLE).render(contexte)


def test_les_propositions_d_un_meme_debut_sont_gardees_avec_le_jeton_de_chaque_requete() -> None:
    moteur = engines["django"]
    contexte = {"communes": COMMUNES, "epcis": EPCIS, "urls": _adresses(None)}
    premiere = moteur.from_string(BALISE).render({**contexte, "csrf_token": "premier"})
    with mock.patch("cpts.www.templatetags.cpts_recherche._proposition") as ecrire:
        seconde = moteur.from_string(BALISE).render({**contexte, "csrf_token": "second"})
    assert ecrire.call_count == 0
    assert seconde == premiere.replace('value="premier"', 'value="second"')
    assert 'value="premier"' not in seconde


@pytest.mark.django_db
@pytest.mark.usefixtures("communes")
def test_la_recherche_ne_rend_plus_ses_propositions_variable_par_variable(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    client.get(reverse("territoires:recherche"), {"q": "sai"}, HTTP_HX_REQUEST="true")
    with mock.patch.object(Variable, "resolve", autospec=True, side_effect=RESOUDRE) as resolutions:
        contenu = client.get(reverse("territoires:recherche"), {"q": "saint"}, HTTP_HX_REQUEST="true").text
    assert "Saint-Étienne (42218)" in contenu
    # Le gabarit ne résout plus que ses propres variables (annonce, listes, adresses, jeton), jamais une par commune.
    noms = [appel.args[0].var for appel in resolutions.call_args_list]
    assert "communes" in noms
    assert not [nom for nom in noms if nom.startswith("commune.")]
