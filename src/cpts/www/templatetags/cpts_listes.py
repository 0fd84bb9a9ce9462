"""Les lignes des tableaux des alertes et des versements à venir, rendues en Python.

Pourquoi pas dans le gabarit : une page en montre cinquante, et le moteur de gabarits y passait le tiers du temps de
la page (la résolution de chaque variable, une adresse, un filtre de date ou de montant et une inclusion, cellule par
cellule). Ici, une chaîne par ligne, chaque texte échappé comme le ferait le gabarit (`html.escape`, que
`django.utils.html.escape` enrobe), au même HTML aux espaces près. Le reste de la page reste au gabarit.
"""

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from cpts import affichage
from cpts.contrats.alertes import Alerte
from cpts.contrats.echeancier import Ligne, LigneAVenir
from cpts.contrats.enums import Niveau, TypeAlerte
from cpts.www.templatetags.cpts_echeancier import badge_statut

register = template.Library()

BADGES_NIVEAU = {True: "fr-badge fr-badge--error fr-badge--sm", False: "fr-badge fr-badge--warning fr-badge--sm"}
ESTIME = ' <span class="fr-hint-text">estimé</span>'


@lru_cache(maxsize=4096)
def _adresse(nom: str, pk: int) -> str:
    # Les adresses ne changent pas pendant la vie du processus (comme celles du menu) ; les mêmes contrats reviennent
    # d'une page à l'autre.
    return reverse(nom, args=[pk])


@lru_cache(maxsize=4096)
def _jour(valeur: date | None) -> str:
    """Comme le filtre `date:"d/m/Y"` : rien pour une date absente. Les mêmes jours reviennent d'une ligne à l'autre."""
    return f"{valeur:%d/%m/%Y}" if valeur else ""


# Le libellé échappé de chaque ligne (année, mission, volet, nature), lu aux règles : les mêmes reviennent à chaque
# page, et les règles ne changent pas pendant la vie du processus.
_libelles: dict[tuple[int, str, str, str], str] = {}


def _libelle(ligne: Ligne) -> str:
    cle = (ligne.annee, ligne.mission, ligne.volet, ligne.nature)
    texte = _libelles.get(cle)
    if texte is None:
        texte = _libelles[cle] = escape(ligne.libelle)
    return texte


def _a_verser(entree: LigneAVenir) -> str:
    ligne = entree.ligne
    return (
        f'<tr><td><a href="{_adresse("contrats:echeancier", entree.contrat.pk)}">{escape(entree.contrat.cpts.nom)}</a>'
        f"</td><td>{_jour(ligne.du_le)}</td><td>{_jour(ligne.au_plus_tard)}</td><td>{_libelle(ligne)}</td>"
        f'<td class="cpts-montant">{affichage.montant(ligne.restant, centimes=True)}{"" if ligne.definitif else ESTIME}'
        f"</td><td>{badge_statut(ligne)}</td></tr>"
    )


@register.simple_tag
def lignes_a_verser(entrees: Iterable[LigneAVenir]) -> SafeString:
    """Les lignes du tableau des versements à venir : CPTS (lien vers l'échéancier), dates, ligne, restant, statut."""
    return mark_safe("".join(_a_verser(entree) for entree in entrees))


def _alerte(alerte: Alerte, avec_cpts: bool) -> str:
    cpts = (
        f'<td><a href="{_adresse("contrats:detail", alerte.contrat.pk)}">{escape(alerte.contrat.cpts.nom)}</a></td>'
        if avec_cpts
        else ""
    )
    return (
        f"<tr><td>{_badge_niveau(alerte.niveau)}</td>{cpts}<td>{_libelle_type(alerte.type)}</td>"
        f"<td>{_jour(alerte.echeance)}</td><td>{escape(alerte.message)}</td></tr>"
    )


@lru_cache(maxsize=64)
def _badge_niveau(niveau: Niveau) -> str:
    """Le niveau d'une alerte en badge, écrit une fois par niveau (comme `Alerte.libelle_niveau` et `en_retard`)."""
    return f'<span class="{BADGES_NIVEAU[niveau == Niveau.EN_RETARD]}">{escape(niveau.label)}</span>'


@lru_cache(maxsize=64)
def _libelle_type(type: TypeAlerte) -> str:
    return escape(type.label)


@register.simple_tag
def lignes_alertes(alertes: Iterable[Alerte], avec_cpts: bool) -> SafeString:
    """Les lignes du tableau des alertes : niveau, CPTS (lien vers le contrat) avec `avec_cpts`, objet, échéance,
    détail."""
    return mark_safe("".join(_alerte(alerte, avec_cpts) for alerte in alertes))
