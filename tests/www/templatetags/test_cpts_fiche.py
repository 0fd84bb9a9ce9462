"""Les lignes des décisions et des contrôles et les boutons des documents de la fiche d'une CPTS, rendus en Python,
sont ceux que rendaient les boucles du gabarit qu'ils remplacent (aux espaces près), chaque texte échappé."""

import datetime
from decimal import Decimal

from cpts.comptes.models import Utilisateur
from cpts.dossiers.enums import DOCUMENTS_UNIQUES, Etape, Instance, TransitionEtape, TypeDocument
from cpts.dossiers.models import Cpts, DecisionEtape, Depot, Document
from cpts.dossiers.suivi import Controle
from tests.www.templatetags.test_cpts_listes import rendre, sans_espaces

# Les boucles du gabarit de la fiche d'avant, telles qu'elles étaient écrites.
BOUCLE_DECISIONS = """{% for decision in decisions %}
  <tr>
    <td>{{ decision.date|date:"d/m/Y" }}</td>
    <td>{{ decision.get_transition_display }}</td>
    <td>{{ decision.get_instance_display }}</td>
    <td>{{ decision.get_etape_avant_display }} → {{ decision.get_etape_apres_display }}</td>
    <td>
      {{ decision.motif }}
      {% if decision.subvention is not None %}Subvention FIR : {{ decision.subvention|montant }}.{% endif %}
      {% if decision.cpts_absorbante %}Fusionnée dans {{ decision.cpts_absorbante }}.{% endif %}
      {% if decision.depot %}{{ decision.depot.document }}, version {{ decision.depot.numero }}.{% endif %}
      {% if decision.rectifie %}Rectifie « {{ decision.rectifie.get_transition_display }} » du {{ decision.rectifie.date|date:"d/m/Y" }}.{% endif %}
    </td>
    <td>{{ decision.enregistre_par.get_full_name|default:decision.enregistre_par.username }}</td>
    {% if rectifiable %}
      <td>
        {% if decision.pk == rectifiable.pk %}
          <a class="fr-link fr-text--sm"
             href="{% url 'dossiers:rectifier_decision' cpts.pk decision.pk %}">Rectifier cette décision<span class="fr-sr-only"> : {{ decision.get_transition_display }} du {{ decision.date|date:"d/m/Y" }}</span></a>
        {% endif %}
      </td>
    {% endif %}
  </tr>
{% endfor %}"""  # noqa: E501
BOUCLE_CONTROLES = """{% for controle in controles %}
  <li>
    {% if controle.rempli %}
      <span class="fr-badge fr-badge--success fr-badge--sm">Rempli</span>
    {% elif controle.conseil %}
      <span class="fr-badge fr-badge--warning fr-badge--sm">Conseil</span>
    {% else %}
      <span class="fr-badge fr-badge--error fr-badge--sm">À compléter</span>
    {% endif %}
    {{ controle.libelle }}
    {% for raison in controle.raisons %}<p class="fr-text--sm fr-mb-1w">{{ raison }}</p>{% endfor %}
  </li>
{% endfor %}"""

PIEGE = '<b>CPTS</b> & "Étang" l\'été'
CPTS = Cpts(pk=12, nom="CPTS du Pays d'Arles")


def decision(pk: int, transition: str, **autres: object) -> DecisionEtape:
    valeurs: dict[str, object] = {
        "cpts": CPTS,
        "etape_avant": Etape.LETTRE_INTENTION,
        "etape_apres": Etape.PRE_PROJET_VALIDE,
        "instance": Instance.CTR,
        "date": datetime.date(2024, 3, 5),
        "motif": "",
        "enregistre_par": Utilisateur(username="agent.ars"),
    }
    return DecisionEtape(pk=pk, transition=transition, **{**valeurs, **autres})


def decisions() -> list[DecisionEtape]:
    """Chaque précision possible : motif piégé et subvention, fusion, version déposée, rectification ; un auteur
    nommé, un autre par son seul identifiant."""
    validation = decision(
        3,
        TransitionEtape.VALIDER_PRE_PROJET,
        motif=PIEGE,
        subvention=Decimal("15000.50"),
        date=datetime.date(2024, 1, 2),
    )
    document = Document(pk=4, cpts=CPTS, type=TypeDocument.FICHE_ACTION, titre="Accès <aux> soins")
    return [
        validation,
        decision(5, TransitionEtape.DEPOSER_PROJET_SANTE, depot=Depot(pk=6, document=document, numero=2)),
        decision(7, TransitionEtape.FUSIONNER, cpts_absorbante=Cpts(pk=8, nom=PIEGE), motif="Fusion voulue"),
        decision(
            9,
            TransitionEtape.RECTIFIER,
            rectifie=validation,
            enregistre_par=Utilisateur(username="x", first_name="Anne & Marie", last_name="Durand"),
        ),
    ]


def test_les_lignes_des_decisions_sont_celles_de_la_boucle_du_gabarit_avec_ou_sans_rectification() -> None:
    liste = decisions()
    for rectifiable in (liste[-1], None):
        contexte = {"decisions": liste, "rectifiable": rectifiable, "cpts": CPTS}
        balise = rendre("{% load cpts_fiche %}{% lignes_decisions decisions rectifiable cpts.pk %}", **contexte)
        assert sans_espaces(balise) == sans_espaces(rendre(BOUCLE_DECISIONS, **contexte))
        assert ("/cpts/12/decisions/9/rectifier/" in balise) is (rectifiable is not None)
    assert "&lt;b&gt;CPTS&lt;/b&gt; &amp; &quot;Étang&quot; l&#x27;été" in balise
    assert "Subvention FIR : 15\u202f001\xa0€." in balise
    assert "Fiche action « Accès &lt;aux&gt; soins », version 2." in balise
    assert "Rectifie « Validation du pré-projet » du 02/01/2024." in balise
    assert "Anne &amp; Marie Durand" in balise


def test_les_controles_sont_ceux_de_la_boucle_du_gabarit() -> None:
    controles = [
        Controle("Association créée", []),
        Controle("Territoire <contigu>", ["Une commune & son voisin", "Une autre"]),
        Controle("Population conseillée", ["Moins de 15 000 habitants"], conseil=True),
    ]
    balise = rendre("{% load cpts_fiche %}{% lignes_controles controles %}", controles=controles)
    assert sans_espaces(balise) == sans_espaces(rendre(BOUCLE_CONTROLES, controles=controles))
    assert [balise.count(badge) for badge in ("Rempli", "Conseil", "À compléter")] == [1, 1, 1]
    assert "Territoire &lt;contigu&gt;" in balise


def test_aucune_decision_ni_controle_ne_rend_aucune_ligne() -> None:
    assert rendre("{% load cpts_fiche %}{% lignes_decisions decisions None 1 %}", decisions=[]) == ""
    assert rendre("{% load cpts_fiche %}{% lignes_controles controles %}", controles=[]) == ""


BOUCLE_BOUTONS = """{% for code, libelle, unique in types_documents %}
  <li>
    <form method="post"
          action="{% url 'dossiers:nouveau_document' cpts.pk code %}">
      {% csrf_token %}
      <button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">
        {% if unique %}
          Rédiger le {{ libelle|lower }}
        {% else %}
          Ajouter : {{ libelle|lower }}
        {% endif %}
      </button>
    </form>
  </li>
{% endfor %}"""


def test_les_boutons_des_documents_sont_ceux_de_la_boucle_du_gabarit_avec_le_jeton_de_la_requete() -> None:
    types_documents = [(code, libelle, code in DOCUMENTS_UNIQUES) for code, libelle in TypeDocument.choices]
    for jeton in ("jeton-un", "jeton-deux"):
        contexte = {"cpts": CPTS, "csrf_token": jeton, "types_documents": types_documents}
        balise = rendre("{% load cpts_fiche %}{% boutons_documents cpts.pk %}", **contexte)
        assert sans_espaces(balise) == sans_espaces(rendre(BOUCLE_BOUTONS, **contexte))
        assert balise.count(f'value="{jeton}"') == len(TypeDocument.choices)
    assert "Rédiger le projet de santé" in balise
    assert "Ajouter : fiche action" in balise
