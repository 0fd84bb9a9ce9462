"""La situation financière de l'année en tête du dialogue de gestion : `{% situation_financiere dialogue %}`."""

from typing import Any

from django import template

from cpts.comptabilite.dialogue import situation
from cpts.comptes.droits import Action, autorise, portee
from cpts.contrats.missions import libelle_mission
from cpts.contrats.models import DialogueGestion

register = template.Library()


@register.inclusion_tag("comptabilite/_situation_financiere.html", takes_context=True)
def situation_financiere(context: dict[str, Any], dialogue: DialogueGestion) -> dict[str, Any]:
    utilisateur = context["request"].user
    lue = situation(dialogue)
    return {
        "dialogue": dialogue,
        "situation": lue,
        "charges": [(libelle_mission(m), x) for m, x in lue.charges_par_mission],
        "verse": sum(lue.verse.values()),
        "peut_conclure": autorise(utilisateur, Action.SUIVRE_CONTRAT, dialogue),
        "voir_comptes": autorise(utilisateur, Action.VOIR_COMPTES, dialogue.contrat.cpts),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def voit_l_emploi_des_fonds(utilisateur: Any) -> bool:
    return portee(utilisateur, Action.VOIR_EMPLOI_DES_FONDS) is not None
