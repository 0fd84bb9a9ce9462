"""Les corps des trois tableaux de l'échéancier d'un contrat (lignes, soldes par année et mission, journal des
versements), rendus en Python.

Pourquoi pas dans le gabarit : un contrat de cinq ans a une centaine de lignes de onze colonnes, une trentaine de soldes
et autant de versements ; le moteur de gabarits de Django y passait les deux tiers du temps de la page (une inclusion,
des filtres de date et de montant, la résolution de chaque variable, cellule par cellule). Ici, une chaîne par cellule,
échappée comme le ferait le gabarit (`html.escape`, que `django.utils.html.escape` enrobe). Le reste de la page
(en-têtes, légendes, formulaire) reste au gabarit.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from cpts import affichage
from cpts.contrats.echeancier import Ligne
from cpts.contrats.enums import NatureVersement, StatutLigne
from cpts.contrats.journal import VersementLu
from cpts.contrats.missions import libelle_mission, libelle_volet
from cpts.regles import referentiel

register = template.Library()

CLASSES_STATUT = {
    StatutLigne.PAYE: "fr-badge fr-badge--success fr-badge--sm",
    StatutLigne.EN_RETARD: "fr-badge fr-badge--error fr-badge--sm",
    StatutLigne.TROP_PERCU: "fr-badge fr-badge--error fr-badge--sm",
    StatutLigne.EXIGIBLE: "fr-badge fr-badge--warning fr-badge--sm",
    StatutLigne.EN_ATTENTE: "fr-badge fr-badge--warning fr-badge--sm",
}
CLASSE_STATUT_NEUTRE = "fr-badge fr-badge--sm"


@lru_cache(maxsize=64)
def _badge(statut: str) -> str:
    classe = CLASSES_STATUT.get(statut, CLASSE_STATUT_NEUTRE)
    return f'<span class="{classe}">{escape(StatutLigne(statut).label)}</span>'


@register.filter
def badge_statut(ligne: Ligne) -> SafeString:
    """Le statut d'une ligne en badge DSFR, couleur selon l'urgence."""
    return mark_safe(_badge(ligne.statut))


@lru_cache(maxsize=1024)
def _libelles(mission: str, volet: str, nature: str) -> tuple[str, str, str]:
    """Mission, volet et nature d'une ligne, échappés : les mêmes reviennent à chaque ligne et à chaque versement."""
    return (
        escape(libelle_mission(mission)),
        escape(libelle_volet(mission, volet)),
        escape(NatureVersement(nature).label),
    )


@lru_cache(maxsize=4096)
def _debut_de_ligne(annee: int, mission: str, volet: str, nature: str) -> str:
    """L'ouverture de la ligne (son ancre : « 2.acces.fixe.solde » → « ligne-2accesfixesolde ») et ses quatre premières
    cellules : les mêmes lignes reviennent d'un contrat à l'autre."""
    ancre = slugify(f"{annee}.{mission}.{volet}.{nature}")
    cellules = "".join(f"<td>{libelle}</td>" for libelle in _libelles(mission, volet, nature))
    return f'<tr id="ligne-{ancre}"><td>{annee}</td>{cellules}'


# Dates et montants : les mêmes reviennent de ligne en ligne (échéances, montants d'un barème), écrits une fois.
@lru_cache(maxsize=4096)
def _jour(valeur: date | None) -> str:
    return f"{valeur:%d/%m/%Y}" if valeur else "—"


@lru_cache(maxsize=4096)
def _montant(valeur: Decimal) -> str:
    return affichage.montant(valeur, centimes=True)


@lru_cache(maxsize=4096)
def _jour_local(instant: datetime, fuseau: tzinfo) -> str:
    """Le jour d'un instant (enregistrement, annulation) dans le fuseau affiché : les mêmes versements reviennent d'un
    affichage à l'autre."""
    return f"{timezone.localtime(instant, fuseau):%d/%m/%Y}"


@lru_cache(maxsize=256)
def _texte_applique(texte: str, lecture: bool) -> str:
    if not texte:
        return "—"
    libelle = referentiel().texte(texte).libelle
    return escape(f"{libelle} (notre lecture)" if lecture else libelle)


def _ligne(ligne: Ligne, payer: bool) -> str:
    estime = "" if ligne.definitif else ' <span class="fr-hint-text">estimé</span>'
    cellules = (
        f"{_debut_de_ligne(ligne.annee, ligne.mission, ligne.volet, ligne.nature)}"
        f"<td>{_jour(ligne.du_le)}</td><td>{_jour(ligne.au_plus_tard)}</td>"
        f'<td class="cpts-montant">{_montant(ligne.montant)}{estime}</td>'
        f'<td class="cpts-montant">{_montant(ligne.paye)}</td>'
        f'<td class="cpts-montant">{_montant(ligne.restant)}</td>'
        f"<td>{_badge(ligne.statut)}</td><td>{_texte_applique(ligne.texte, bool(ligne.lecture))}</td>"
    )
    if payer:
        lien = (
            f'<a href="?ligne={escape(ligne.identifiant)}#titre-versement">Payer'
            f'<span class="fr-sr-only"> : {escape(ligne.libelle)}</span></a>'
            if ligne.payable > 0
            else ""
        )
        cellules += f"<td>{lien}</td>"
    return f"{cellules}</tr>"


@register.simple_tag
def lignes_echeancier(lignes: Iterable[Ligne], payer: bool) -> SafeString:
    """Les lignes du tableau de l'échéancier ; `payer` ajoute la colonne du lien « Payer »."""
    return mark_safe("".join(_ligne(ligne, payer) for ligne in lignes))


@register.simple_tag
def soldes_echeancier(groupes: Iterable[Mapping[str, object]]) -> SafeString:
    """Dû, versé et restant par année et par mission (`Echeancier.par_annee_et_mission`)."""
    return mark_safe(
        "".join(
            f"<tr><td>{groupe['annee']}</td><td>{escape(str(groupe['libelle_mission']))}</td>"
            f'<td class="cpts-montant">{_montant(groupe["total"].du)}</td>'  # type: ignore[attr-defined]
            f'<td class="cpts-montant">{_montant(groupe["total"].paye)}</td>'  # type: ignore[attr-defined]
            f'<td class="cpts-montant">{_montant(groupe["total"].restant)}</td></tr>'  # type: ignore[attr-defined]
            for groupe in groupes
        )
    )


def _observations(versement: VersementLu, payer: bool, csrf: str, fuseau: tzinfo) -> str:
    motif = versement.motif_anticipation
    texte = f"Anticipé : {escape(motif)}" if motif else ""
    if versement.annulation is not None:
        motif_annulation, annule_le = versement.annulation
        le = _jour_local(annule_le, fuseau)
        return f'{texte} <span class="fr-badge fr-badge--sm">Annulé</span> le {le} : {escape(motif_annulation)}'
    if payer:
        champ = f"motif-annulation-{versement.pk}"
        return (
            f'{texte}<form method="post" action="{reverse("contrats:annuler_paiement", args=[versement.pk])}" '
            'class="fr-mt-1w">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">'
            f'<label class="fr-label" for="{champ}">Motif d\'annulation</label>'
            f'<input class="fr-input" type="text" name="motif" id="{champ}" required>'
            '<button class="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w" type="submit">Annuler ce versement</button>'
            "</form>"
        )
    return texte


def _versement(versement: VersementLu, payer: bool, csrf: str, fuseau: tzinfo) -> str:
    mission, volet, nature = _libelles(versement.mission, versement.volet, versement.nature)
    return (
        f"<tr><td>{_jour(versement.date)}</td><td>{escape(versement.reference)}</td>"
        f"<td>Année {versement.annee}, {mission}, {volet}, {nature.lower()}</td>"
        f'<td class="cpts-montant">{_montant(versement.montant)}</td>'
        f"<td>{escape(versement.auteur)}, le {_jour_local(versement.enregistre_le, fuseau)}</td>"
        f"<td>{_observations(versement, payer, csrf, fuseau)}</td></tr>"
    )


@register.simple_tag(takes_context=True)
def journal_versements(context: template.Context, journal: Iterable[VersementLu], payer: bool) -> SafeString:
    """Le journal des versements, chacun avec son annulation ; `payer` ajoute le formulaire d'annulation des autres
    (le jeton CSRF masqué une fois pour tous les formulaires de la page)."""
    csrf = str(context.get("csrf_token", ""))
    fuseau = timezone.get_current_timezone()
    lignes = [_versement(entree, payer, csrf, fuseau) for entree in journal]
    return mark_safe("".join(lignes) or '<tr><td colspan="6">Aucun versement enregistré.</td></tr>')
