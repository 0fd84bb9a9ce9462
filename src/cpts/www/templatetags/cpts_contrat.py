"""L'en-tête commun des pages d'un contrat (fil d'Ariane, rappel du contrat, onglets), l'encadré de ses
avertissements, et de sa fiche les lignes des tableaux de ses totaux et de ses missions et la liste des contrats
successifs de sa CPTS, rendus en Python.

Pourquoi pas un gabarit inclus : l'en-tête coûtait le quart du gabarit de l'échéancier hors de ses tableaux (une
inclusion, six adresses calculées, deux filtres de date), à chaque page d'un contrat. Son texte ne dépend que du
contrat (numéro, CPTS, dates) et de l'onglet : il s'écrit une fois par contrat et par onglet dans le processus, la clé
portant tout ce qu'il montre (un nom de CPTS changé donne une autre clé, jamais un en-tête périmé). Chaque texte est
échappé comme le ferait le gabarit.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from cpts import affichage
from cpts.contrats.echeancier import Total
from cpts.contrats.models import Contrat, MissionContrat
from cpts.contrats.parties import ContratSuccessif
from cpts.regles.delais import EcheanceMission

register = template.Library()

ONGLETS = (
    ("contrat", "contrats:detail", "Contrat"),
    ("echeancier", "contrats:echeancier", "Échéancier et versements"),
    ("indicateurs", "contrats:indicateurs", "Indicateurs"),
    ("dialogues", "contrats:dialogues", "Dialogues de gestion"),
)
COURANT = ' aria-current="page"'


def _jour(valeur: date | None) -> str:
    return f"{valeur:%d/%m/%Y}" if valeur else ""


@lru_cache(maxsize=2048)
def _entete(pk: int, cpts: int, nom: str, signature: date | None, fin: date | None, onglet: str) -> str:
    nom = escape(nom)
    onglets = "".join(
        f'<li><a class="fr-btn{"" if code == onglet else " fr-btn--secondary"}" href="{reverse(route, args=[pk])}"'
        f"{COURANT if code == onglet else ''}>{libelle}</a></li>"
        for code, route, libelle in ONGLETS
    )
    return (
        '<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :"><ol class="fr-breadcrumb__list">'
        f'<li><a class="fr-breadcrumb__link" href="{reverse("contrats:liste")}">Contrats</a></li>'
        f'<li><a class="fr-breadcrumb__link" href="{reverse("contrats:detail", args=[pk])}"'
        f"{COURANT if onglet == 'contrat' else ''}>{nom}</a></li></ol></nav>"
        f'<p class="fr-mb-1w">Contrat ACI de la CPTS <a href="{reverse("dossiers:detail", args=[cpts])}">{nom}</a>, '
        f"signé le {_jour(signature)}, jusqu'au {_jour(fin)}.</p>"
        '<nav class="fr-mb-3w" aria-label="Parties du contrat"><ul class="fr-btns-group fr-btns-group--inline-sm">'
        f"{onglets}</ul></nav>"
    )


@register.simple_tag
def entete_contrat(contrat: Contrat, onglet: str) -> SafeString:
    """Fil d'Ariane, rappel du contrat et onglets ; `onglet` : contrat, echeancier, indicateurs ou dialogues."""
    cpts = contrat.cpts
    return mark_safe(_entete(contrat.pk, cpts.pk, cpts.nom, contrat.signature, contrat.fin, onglet))


@register.simple_tag
def avertissements_contrat(avertissements: Sequence[str], niveau: int = 2) -> SafeString:
    """Ce qu'il faut lire avec les montants (`Echeancier.avertissements`), rien s'il n'y en a pas. Le titre est de
    niveau 2 sous le titre de la page (échéancier), de niveau 3 dans une section (fiche du contrat)."""
    if not avertissements:
        return mark_safe("")
    phrases = "".join(f"<li>{escape(str(phrase))}</li>" for phrase in avertissements)
    return mark_safe(
        '<div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" id="avertissements">'
        f'<h{niveau} class="fr-alert__title">À lire avec les montants</h{niveau}><ul>{phrases}</ul></div>'
    )


def _jour_ou(valeur: date | None, sinon: str) -> str:
    return f"{valeur:%d/%m/%Y}" if valeur else sinon


@lru_cache(maxsize=2048)
def _lien_dater(pk: int, libelle: str) -> str:
    adresse = reverse("contrats:mission", args=[pk])
    return f'<a href="{adresse}">Dater<span class="fr-sr-only"> la mission {libelle}</span></a>'


def _ligne_mission(mission: MissionContrat, echeance: EcheanceMission | None, suivre: bool) -> str:
    libelle = escape(mission.libelle)
    avenants = " ".join(
        f"{texte} par l'avenant n° {avenant.numero}"
        for texte, avenant in (("ajoutée", mission.ajoutee_par), ("retirée", mission.retiree_par))
        if avenant
    )
    action = ""
    if suivre:
        action = f"<td>{'' if mission.retiree_par else _lien_dater(mission.pk, libelle)}</td>"
    return (
        f"<tr><td>{libelle}</td>"
        f"<td>{_jour_ou(mission.demarrage, 'non daté')}</td>"
        f"<td>{_jour_ou(echeance.demarrage_au_plus_tard if echeance else None, 'sans délai')}</td>"
        f"<td>{_jour_ou(mission.deploiement, '—')}</td>"
        f"<td>{_jour_ou(echeance.deploiement_au_plus_tard if echeance else None, 'sans délai')}</td>"
        f"<td>{avenants}</td>{action}</tr>"
    )


@register.simple_tag
def lignes_missions(missions: Iterable[tuple[MissionContrat, EcheanceMission | None]], suivre: bool) -> SafeString:
    """Les lignes du tableau des missions de la fiche d'un contrat : dates de démarrage et de déploiement, leurs
    limites, les avenants qui les ont ajoutées ou retirées, le lien pour les dater (`suivre` : qui suit le contrat).
    Le moteur de gabarits y passait le tiers du rendu de la fiche (une dizaine de missions, six cellules, des filtres
    de date et une adresse par ligne)."""
    return mark_safe("".join(_ligne_mission(mission, echeance, bool(suivre)) for mission, echeance in missions))


def _ligne_total(entete: str, total: Total) -> str:
    montants = "".join(
        f'<td class="cpts-montant">{affichage.montant(valeur)}</td>' for valeur in (total.du, total.paye, total.restant)
    )
    return f"<tr>{entete}{montants}</tr>"


@register.simple_tag
def lignes_totaux(par_annee: Iterable[tuple[int, Total]], total: Total) -> SafeString:
    """Dû, versé et restant de chaque année du contrat, puis du contrat entier (tableau « Financement sur cinq
    ans » de la fiche)."""
    annees = "".join(_ligne_total(f"<td>{annee}</td>", total_annee) for annee, total_annee in par_annee)
    return mark_safe(annees + _ligne_total('<th scope="row">Total</th>', total))


@lru_cache(maxsize=2048)
def _successif(pk: int, signature: date, fin: date, courant: bool) -> str:
    periode = f"du {_jour(signature)} au {_jour(fin)}"
    if courant:
        return f"<li>Ce contrat : {periode}</li>"
    return f'<li><a href="{reverse("contrats:detail", args=[pk])}">Contrat {periode}</a></li>'


@register.simple_tag
def contrats_successifs(successifs: Iterable[ContratSuccessif], contrat: int) -> SafeString:
    """Les contrats de la CPTS, du plus ancien au plus récent, un lien vers chacun sauf `contrat`, celui de la page."""
    return mark_safe("".join(_successif(s.pk, s.signature, s.fin, s.pk == contrat) for s in successifs))
