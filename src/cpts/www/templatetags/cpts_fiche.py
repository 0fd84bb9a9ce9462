"""Les lignes des décisions et des contrôles de complétude de la fiche d'une CPTS, rendues en Python.

Pourquoi pas dans le gabarit : ces deux boucles étaient le tiers du rendu de la fiche (la résolution de chaque
variable, les libellés des choix, un filtre de date ou de montant et une adresse, cellule par cellule). Ici, une
chaîne par ligne, chaque texte échappé comme le ferait le gabarit (`html.escape`), au même HTML aux espaces près
(comme `cpts_listes`). Le reste de la page reste au gabarit.
"""

from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from cpts import affichage
from cpts.dossiers.enums import DOCUMENTS_UNIQUES, TypeDocument
from cpts.dossiers.models import DecisionEtape
from cpts.dossiers.suivi import Controle
from cpts.www.templatetags.cpts_listes import _jour

register = template.Library()

BADGES_CONTROLE = {
    "rempli": '<span class="fr-badge fr-badge--success fr-badge--sm">Rempli</span>',
    "conseil": '<span class="fr-badge fr-badge--warning fr-badge--sm">Conseil</span>',
    "a_completer": '<span class="fr-badge fr-badge--error fr-badge--sm">À compléter</span>',
}


@lru_cache(maxsize=256)
def _libelle(champ: str, valeur: str) -> str:
    """Ce que rend `get_<champ>_display` d'une décision, échappé : le dictionnaire des choix bâti une fois, pas à
    chaque cellule."""
    return escape(str(dict(DecisionEtape._meta.get_field(champ).flatchoices).get(valeur, valeur)))


def _precisions(decision: DecisionEtape) -> str:
    """Le motif, puis la subvention, la CPTS absorbante, la version déposée et la décision rectifiée."""
    morceaux = [escape(decision.motif)]
    if decision.subvention is not None:
        morceaux.append(f"Subvention FIR : {affichage.montant(decision.subvention)}.")
    if decision.cpts_absorbante:
        morceaux.append(f"Fusionnée dans {escape(str(decision.cpts_absorbante))}.")
    if decision.depot:
        morceaux.append(f"{escape(str(decision.depot.document))}, version {decision.depot.numero}.")
    if decision.rectifie:
        rectifiee = decision.rectifie
        morceaux.append(f"Rectifie « {_libelle('transition', rectifiee.transition)} » du {_jour(rectifiee.date)}.")
    return " ".join(morceau for morceau in morceaux if morceau)


def _decision(decision: DecisionEtape, rectifiable: DecisionEtape | None, cpts: int) -> str:
    transition = _libelle("transition", decision.transition)
    auteur = decision.enregistre_par
    rectifier = ""
    if rectifiable is not None:
        lien = (
            f'<a class="fr-link fr-text--sm" href="{_adresse_rectifier(cpts, decision.pk)}">Rectifier cette décision'
            f'<span class="fr-sr-only"> : {transition} du {_jour(decision.date)}</span></a>'
            if decision.pk == rectifiable.pk
            else ""
        )
        rectifier = f"<td>{lien}</td>"
    return (
        f"<tr><td>{_jour(decision.date)}</td><td>{transition}</td>"
        f"<td>{_libelle('instance', decision.instance)}</td>"
        f"<td>{_libelle('etape_avant', decision.etape_avant)} → {_libelle('etape_apres', decision.etape_apres)}</td>"
        f"<td>{_precisions(decision)}</td><td>{escape(auteur.get_full_name() or auteur.username)}</td>"
        f"{rectifier}</tr>"
    )


@lru_cache(maxsize=1024)
def _adresse_rectifier(cpts: int, decision: int) -> str:
    # Une adresse ne change pas pendant la vie du processus ; une seule décision par fiche se rectifie.
    return reverse("dossiers:rectifier_decision", args=[cpts, decision])


@register.simple_tag
def lignes_decisions(decisions: Sequence[DecisionEtape], rectifiable: DecisionEtape | None, cpts: int) -> SafeString:
    """Les lignes du tableau des décisions : date, décision, instance, étapes, précisions, auteur, et le lien de
    rectification de la dernière (colonne présente quand elle se rectifie)."""
    return mark_safe("".join(_decision(decision, rectifiable, cpts) for decision in decisions))


def _controle(controle: Controle) -> str:
    badge = BADGES_CONTROLE["rempli" if controle.rempli else "conseil" if controle.conseil else "a_completer"]
    raisons = "".join(f'<p class="fr-text--sm fr-mb-1w">{escape(raison)}</p>' for raison in controle.raisons)
    return f"<li>{badge} {escape(controle.libelle)} {raisons}</li>"


@register.simple_tag
def lignes_controles(controles: Iterable[Controle]) -> SafeString:
    """Les contrôles de complétude : un badge (rempli, conseil, à compléter), le libellé et les raisons."""
    return mark_safe("".join(_controle(controle) for controle in controles))


@lru_cache(maxsize=4096)
def _boutons(cpts: int) -> tuple[tuple[str, str], ...]:
    """Les formulaires de création des documents de la CPTS, chacun coupé là où va le jeton CSRF de la requête."""
    boutons = []
    for code, libelle in TypeDocument.choices:
        texte = f"Rédiger le {libelle.lower()}" if code in DOCUMENTS_UNIQUES else f"Ajouter : {libelle.lower()}"
        boutons.append(
            (
                f'<li><form method="post" action="{reverse("dossiers:nouveau_document", args=[cpts, code])}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="',
                f'"><button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">{escape(texte)}</button>'
                "</form></li>",
            )
        )
    return tuple(boutons)


@register.simple_tag(takes_context=True)
def boutons_documents(context: template.Context, cpts: int) -> SafeString:
    """Un bouton par sorte de document : rédiger le document unique, ajouter les autres (une fiche action de plus), le
    jeton CSRF masqué une fois pour tous les formulaires de la page."""
    csrf = escape(str(context.get("csrf_token", "")))
    return mark_safe("".join(f"{avant}{csrf}{apres}" for avant, apres in _boutons(cpts)))
