"""L'en-tête des pages d'un contrat et l'encadré de ses avertissements, rendus en Python, sont ceux que rendaient les
gabarits inclus qu'ils remplacent (aux espaces près), chaque texte échappé."""

import datetime
import re

import pytest
from django.template import engines

from cpts.contrats.models import Contrat
from cpts.dossiers.models import Cpts
from cpts.www.templatetags.cpts_contrat import ONGLETS, avertissements_contrat, entete_contrat

# Les gabarits d'avant, tels qu'ils étaient écrits.
ENTETE = """<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
  <ol class="fr-breadcrumb__list">
    <li>
      <a class="fr-breadcrumb__link" href="{% url 'contrats:liste' %}">Contrats</a>
    </li>
    <li>
      <a class="fr-breadcrumb__link"
         href="{% url 'contrats:detail' contrat.pk %}"
         {% if onglet == 'contrat' %}aria-current="page"{% endif %}>{{ contrat.cpts.nom }}</a>
    </li>
  </ol>
</nav>
<p class="fr-mb-1w">
  Contrat ACI de la CPTS <a href="{% url 'dossiers:detail' contrat.cpts.pk %}">{{ contrat.cpts.nom }}</a>,
  signé le {{ contrat.signature|date:"d/m/Y" }}, jusqu'au {{ contrat.fin|date:"d/m/Y" }}.
</p>
<nav class="fr-mb-3w" aria-label="Parties du contrat">
  <ul class="fr-btns-group fr-btns-group--inline-sm">
    <li>
      <a class="fr-btn{% if onglet != 'contrat' %} fr-btn--secondary{% endif %}"
         href="{% url 'contrats:detail' contrat.pk %}"
         {% if onglet == 'contrat' %}aria-current="page"{% endif %}>Contrat</a>
    </li>
    <li>
      <a class="fr-btn{% if onglet != 'echeancier' %} fr-btn--secondary{% endif %}"
         href="{% url 'contrats:echeancier' contrat.pk %}"
         {% if onglet == 'echeancier' %}aria-current="page"{% endif %}>Échéancier et versements</a>
    </li>
    <li>
      <a class="fr-btn{% if onglet != 'indicateurs' %} fr-btn--secondary{% endif %}"
         href="{% url 'contrats:indicateurs' contrat.pk %}"
         {% if onglet == 'indicateurs' %}aria-current="page"{% endif %}>Indicateurs</a>
    </li>
    <li>
      <a class="fr-btn{% if onglet != 'dialogues' %} fr-btn--secondary{% endif %}"
         href="{% url 'contrats:dialogues' contrat.pk %}"
         {% if onglet == 'dialogues' %}aria-current="page"{% endif %}>Dialogues de gestion</a>
    </li>
  </ul>
</nav>"""
AVERTISSEMENTS = """{% if avertissements %}
  <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w"
       id="avertissements">
    {% if niveau == 3 %}
      <h3 class="fr-alert__title">À lire avec les montants</h3>
    {% else %}
      <h2 class="fr-alert__title">À lire avec les montants</h2>
    {% endif %}
    <ul>
      {% for avertissement in avertissements %}<li>{{ avertissement }}</li>{% endfor %}
    </ul>
  </div>
{% endif %}"""


def rendre(source: str, **contexte: object) -> str:
    return engines["django"].from_string(source).render(contexte)


def sans_espaces(html: str) -> str:
    html = re.sub(r"\s+>", ">", re.sub(r"\s+", " ", html))
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html).strip()


def contrat(nom: str) -> Contrat:
    cpts = Cpts(pk=12, nom=nom)
    return Contrat(pk=34, cpts=cpts, signature=datetime.date(2022, 3, 1), fin=datetime.date(2027, 3, 1))


@pytest.mark.parametrize("onglet", [code for code, _, _ in ONGLETS])
def test_l_entete_d_un_contrat_est_celui_du_gabarit_nom_echappe(onglet: str) -> None:
    objet = contrat("CPTS <Rhône> & « l'Ouest »")
    attendu = rendre(ENTETE, contrat=objet, onglet=onglet)
    assert sans_espaces(entete_contrat(objet, onglet)) == sans_espaces(attendu)
    assert "&lt;Rhône&gt; &amp; « l&#x27;Ouest »" in attendu


def test_un_nom_de_cpts_change_change_l_entete() -> None:
    """L'en-tête est gardé par contrat dans le processus : la clé porte le nom, jamais un en-tête périmé."""
    assert "Ancien nom" in entete_contrat(contrat("Ancien nom"), "contrat")
    assert "Nouveau nom" in entete_contrat(contrat("Nouveau nom"), "contrat")


@pytest.mark.parametrize("niveau", [2, 3])
def test_les_avertissements_sont_ceux_du_gabarit_textes_echappes(niveau: int) -> None:
    phrases = ["Territoire <petit> : 12 000 habitants.", "Montant « non vérifié » & à confirmer."]
    attendu = rendre(AVERTISSEMENTS, avertissements=phrases, niveau=niveau)
    assert sans_espaces(str(avertissements_contrat(phrases, niveau))) == sans_espaces(attendu)
    assert "&lt;petit&gt;" in attendu


def test_sans_avertissement_aucun_encadre() -> None:
    assert avertissements_contrat([]) == "" == rendre(AVERTISSEMENTS, avertissements=[]).strip()
