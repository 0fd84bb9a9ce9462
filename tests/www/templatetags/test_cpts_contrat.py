"""L'en-tête des pages d'un contrat, l'encadré de ses avertissements et les lignes du tableau de ses missions, rendus en
Python, sont ceux que rendaient les gabarits qu'ils remplacent (aux espaces près), chaque texte échappé."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import engines

from cpts.contrats.echeancier import Total
from cpts.contrats.models import Avenant, Contrat, MissionContrat
from cpts.contrats.parties import ContratSuccessif
from cpts.dossiers.models import Cpts
from cpts.regles.delais import EcheanceMission
from cpts.www.templatetags.cpts_contrat import (
    ONGLETS,
    avertissements_contrat,
    contrats_successifs,
    entete_contrat,
    lignes_missions,
    lignes_totaux,
)

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

# La boucle des missions du gabarit de la fiche d'un contrat, telle qu'elle était écrite.
MISSIONS = """{% for mission, echeance in missions %}
  <tr>
    <td>{{ mission.libelle }}</td>
    <td>{{ mission.demarrage|date:"d/m/Y"|default:"non daté" }}</td>
    <td>
      {% if echeance and echeance.demarrage_au_plus_tard %}
        {{ echeance.demarrage_au_plus_tard|date:"d/m/Y" }}
      {% else %}
        sans délai
      {% endif %}
    </td>
    <td>{{ mission.deploiement|date:"d/m/Y"|default:"—" }}</td>
    <td>
      {% if echeance and echeance.deploiement_au_plus_tard %}
        {{ echeance.deploiement_au_plus_tard|date:"d/m/Y" }}
      {% else %}
        sans délai
      {% endif %}
    </td>
    <td>
      {% if mission.ajoutee_par %}ajoutée par l'avenant n° {{ mission.ajoutee_par.numero }}{% endif %}
      {% if mission.retiree_par %}retirée par l'avenant n° {{ mission.retiree_par.numero }}{% endif %}
    </td>
    {% if droits.suivre %}
      <td>
        {% if not mission.retiree_par %}
          <a href="{% url 'contrats:mission' mission.pk %}">Dater<span class="fr-sr-only"> la mission {{ mission.libelle }}</span></a>
        {% endif %}
      </td>
    {% endif %}
  </tr>
{% endfor %}"""  # noqa: E501

TOTAUX = """{% load cpts_format %}
{% for annee, total in par_annee %}
  <tr>
    <td>{{ annee }}</td>
    <td class="cpts-montant">{{ total.du|montant }}</td>
    <td class="cpts-montant">{{ total.paye|montant }}</td>
    <td class="cpts-montant">{{ total.restant|montant }}</td>
  </tr>
{% endfor %}
<tr>
  <th scope="row">Total</th>
  <td class="cpts-montant">{{ total.du|montant }}</td>
  <td class="cpts-montant">{{ total.paye|montant }}</td>
  <td class="cpts-montant">{{ total.restant|montant }}</td>
</tr>"""
SUCCESSIFS = """{% for successif in contrats_successifs %}
  <li>
    {% if successif.pk == contrat.pk %}
      Ce contrat : du {{ successif.signature|date:"d/m/Y" }} au {{ successif.fin|date:"d/m/Y" }}
    {% else %}
      <a href="{% url 'contrats:detail' successif.pk %}">Contrat du {{ successif.signature|date:"d/m/Y" }} au {{ successif.fin|date:"d/m/Y" }}</a>
    {% endif %}
  </li>
{% endfor %}"""  # noqa: E501


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


def missions_du_contrat() -> list[tuple[MissionContrat, EcheanceMission | None]]:
    """Une mission datée à délais, une sans délai ni date, une ajoutée puis retirée par avenant, une sans échéance."""
    premier, second = Avenant(pk=1, numero=1), Avenant(pk=2, numero=2)
    jour = datetime.date
    return [
        (
            MissionContrat(pk=5, mission="acces", demarrage=jour(2022, 6, 1), deploiement=jour(2023, 1, 15)),
            EcheanceMission("acces", jour(2022, 3, 1), jour(2022, 9, 1), jour(2024, 3, 1)),
        ),
        (MissionContrat(pk=6, mission="parcours"), EcheanceMission("parcours", jour(2022, 3, 1), None, None)),
        (MissionContrat(pk=7, mission="crise", ajoutee_par=premier, retiree_par=second), None),
        (MissionContrat(pk=8, mission="prevention", ajoutee_par=second), None),
    ]


@pytest.mark.parametrize("suivre", [True, False])
def test_les_lignes_des_missions_sont_celles_de_la_boucle_du_gabarit(suivre: bool) -> None:
    missions = missions_du_contrat()
    attendu = rendre(MISSIONS, missions=missions, droits={"suivre": suivre})
    assert sans_espaces(lignes_missions(missions, suivre)) == sans_espaces(attendu)
    assert ("Dater" in attendu) is suivre
    assert "ajoutée par l'avenant n° 1 retirée par l'avenant n° 2" in sans_espaces(attendu)


def test_les_totaux_par_annee_et_du_contrat_sont_ceux_du_gabarit() -> None:
    par_annee = [
        (1, Total(Decimal("52500.00"), Decimal("52500.00"))),
        (2, Total(Decimal("61250.50"), Decimal("12000"))),
        (3, Total(Decimal("0"), Decimal("1500"))),
    ]
    total = Total(Decimal("113750.50"), Decimal("66000"))
    attendu = rendre(TOTAUX, par_annee=par_annee, total=total)
    assert sans_espaces(lignes_totaux(par_annee, total)) == sans_espaces(attendu)
    assert "-1\u202f500\u00a0€" in attendu  # le trop versé de la troisième année


def test_les_contrats_successifs_sont_ceux_du_gabarit_sans_lien_vers_le_contrat_de_la_page() -> None:
    successifs = [
        ContratSuccessif(3, datetime.date(2017, 4, 1), datetime.date(2022, 3, 31)),
        ContratSuccessif(34, datetime.date(2022, 4, 1), datetime.date(2027, 3, 31)),
    ]
    attendu = rendre(SUCCESSIFS, contrats_successifs=successifs, contrat=contrat("CPTS"))
    assert sans_espaces(contrats_successifs(successifs, 34)) == sans_espaces(attendu)
    assert "Ce contrat : du 01/04/2022 au 31/03/2027" in attendu
    assert "/contrats/3/" in attendu
    assert "/contrats/34/" not in attendu
