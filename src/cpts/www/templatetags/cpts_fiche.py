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
from cpts.dossiers.models import DecisionEtape
from cpts.dossiers.suivi import Controle
from cpts.www.templatetags.cpts_listes import _jour

register = template.Library()

BADGES_CONTROLE = {
    "rempli": '<span class="fr-badge fr-badge--success fr-badge--sm">Rempli</span>',
    "conseil": '<span class="fr-badge fr-badge--warning fr-badge--sm">Conseil</span>',
    "a_completer": '<span class="fr-badge fr-badge--error fr-badge--sm">À compléter</span>',
}


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
        morceaux.append(
            f"Rectifie « {escape(rectifiee.get_transition_display())} » du {_jour(rectifiee.date)}."  # type: ignore[attr-defined]
        )
    return " ".join(morceau for morceau in morceaux if morceau)


def _decision(decision: DecisionEtape, rectifiable: DecisionEtape | None, cpts: int) -> str:
    transition = escape(decision.get_transition_display())  # type: ignore[attr-defined]
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
        f"<td>{escape(decision.get_instance_display())}</td>"  # type: ignore[attr-defined]
        f"<td>{escape(decision.get_etape_avant_display())} → "  # type: ignore[attr-defined]
        f"{escape(decision.get_etape_apres_display())}</td>"  # type: ignore[attr-defined]
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
