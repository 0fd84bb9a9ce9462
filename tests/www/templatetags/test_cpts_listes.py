"""Les lignes des alertes et des versements à venir, rendues en Python, sont celles que rendait la boucle du gabarit
qu'elles remplacent (aux espaces près), chaque texte échappé."""

import datetime
import re
from decimal import Decimal

from django.template import engines

from cpts.contrats.alertes import Alerte
from cpts.contrats.echeancier import Ligne, LigneAVenir
from cpts.contrats.enums import Niveau, StatutLigne, TypeAlerte
from cpts.contrats.lus import ContratLu, CptsLue

# Les boucles des gabarits d'avant, telles qu'elles étaient écrites.
BOUCLE_A_VERSER = """{% for entree in entrees %}
  <tr>
    <td>
      <a href="{% url 'contrats:echeancier' entree.contrat.pk %}">{{ entree.contrat.cpts.nom }}</a>
    </td>
    <td>{{ entree.ligne.du_le|date:"d/m/Y" }}</td>
    <td>{{ entree.ligne.au_plus_tard|date:"d/m/Y" }}</td>
    <td>{{ entree.ligne.libelle }}</td>
    <td class="cpts-montant">
      {{ entree.ligne.restant|montant:True }}
      {% if not entree.ligne.definitif %}<span class="fr-hint-text">estimé</span>{% endif %}
    </td>
    <td>{% load cpts_echeancier %}{{ entree.ligne|badge_statut }}</td>
  </tr>
{% endfor %}"""
BOUCLE_ALERTES = """{% for alerte in alertes %}
  <tr>
    <td>
      {% if alerte.en_retard %}
        <span class="fr-badge fr-badge--error fr-badge--sm">{{ alerte.libelle_niveau }}</span>
      {% else %}
        <span class="fr-badge fr-badge--warning fr-badge--sm">{{ alerte.libelle_niveau }}</span>
      {% endif %}
    </td>
    {% if avec_cpts %}
      <td>
        <a href="{% url 'contrats:detail' alerte.contrat.pk %}">{{ alerte.contrat.cpts.nom }}</a>
      </td>
    {% endif %}
    <td>{{ alerte.libelle_type }}</td>
    <td>{{ alerte.echeance|date:"d/m/Y" }}</td>
    <td>{{ alerte.message }}</td>
  </tr>
{% endfor %}"""

NOM_PIEGE = '<b>CPTS</b> & "Étang" l\'été'
CONTRAT = ContratLu(7, datetime.date(2022, 6, 15), CptsLue(3, NOM_PIEGE, "13"))
AUTRE = ContratLu(12, datetime.date(2023, 1, 2), CptsLue(4, "CPTS du Pays d'Arles", "13"))


def rendre(source: str, **contexte: object) -> str:
    return engines["django"].from_string(source).render(contexte)


def sans_espaces(html: str) -> str:
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def ligne(statut: str, *, definitif: bool = True, au_plus_tard: datetime.date | None = None) -> Ligne:
    return Ligne(
        annee=2,
        mission="acces",
        volet="fixe",
        nature="solde",
        montant=Decimal("12345.60"),
        du_le=datetime.date(2024, 6, 15),
        au_plus_tard=au_plus_tard,
        base=Decimal("12345.60"),
        definitif=definitif,
        paye=Decimal("45.00"),
        statut=statut,
    )


def test_les_lignes_a_verser_sont_celles_de_la_boucle_du_gabarit_textes_echappes() -> None:
    entrees = [
        LigneAVenir(CONTRAT, ligne(StatutLigne.EN_RETARD, au_plus_tard=datetime.date(2024, 8, 15))),
        LigneAVenir(AUTRE, ligne(StatutLigne.EN_ATTENTE, definitif=False)),
        LigneAVenir(AUTRE, ligne(StatutLigne.EXIGIBLE, au_plus_tard=datetime.date(2025, 1, 31))),
    ]
    balise = rendre("{% load cpts_listes %}{% lignes_a_verser entrees %}", entrees=entrees)
    assert sans_espaces(balise) == sans_espaces(rendre(BOUCLE_A_VERSER, entrees=entrees))
    assert "&lt;b&gt;CPTS&lt;/b&gt; &amp; &quot;Étang&quot; l&#x27;été" in balise
    assert balise.count('<span class="fr-hint-text">estimé</span>') == 1


def test_les_lignes_d_alertes_sont_celles_de_la_boucle_du_gabarit_avec_ou_sans_la_cpts() -> None:
    alertes = [
        Alerte(CONTRAT, TypeAlerte.VERSEMENT, Niveau.EN_RETARD, datetime.date(2024, 8, 15), "Payer <vite> & bien"),
        Alerte(AUTRE, TypeAlerte.FIN, Niveau.BIENTOT, datetime.date(2027, 1, 2), "Le contrat prend fin"),
    ]
    for avec_cpts in (True, False):
        balise = rendre(
            "{% load cpts_listes %}{% lignes_alertes alertes avec_cpts %}", alertes=alertes, avec_cpts=avec_cpts
        )
        assert sans_espaces(balise) == sans_espaces(rendre(BOUCLE_ALERTES, alertes=alertes, avec_cpts=avec_cpts))
        assert ("&lt;b&gt;CPTS&lt;/b&gt;" in balise) is avec_cpts
    assert "Payer &lt;vite&gt; &amp; bien" in balise


def test_une_liste_vide_ne_rend_aucune_ligne() -> None:
    assert rendre("{% load cpts_listes %}{% lignes_a_verser entrees %}", entrees=[]) == ""
    assert rendre("{% load cpts_listes %}{% lignes_alertes alertes True %}", alertes=[]) == ""
