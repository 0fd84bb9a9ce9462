"""Le résumé, les actions et les lignes de la page entière du compositeur, écrits par les mêmes fonctions que le
fragment d'un ajout ou d'un retrait (`cpts.www.territoires.changement`), sans l'attribut hors-bande : un seul
rédacteur pour les deux."""

from collections.abc import Mapping

from django import template
from django.utils.safestring import SafeString, mark_safe

from cpts.territoires.composition import Resume
from cpts.territoires.memoire import CommuneGardee
from cpts.www.formulaires import echapper
from cpts.www.territoires import changement

register = template.Library()


@register.simple_tag
def composition_resume(resume: Resume, urls: Mapping[str, str], non_enregistre: bool) -> SafeString:
    return mark_safe(changement.resume(resume, urls, non_enregistre, oob=False))


@register.simple_tag
def composition_actions(resume: Resume, urls: Mapping[str, str], jeton: object, cpts: object) -> SafeString:
    # `cpts` : la CPTS de la composition, None pour la composition libre.
    return mark_safe(changement.actions(resume.communes, urls, echapper(jeton), bool(cpts), oob=False))


@register.simple_tag
def composition_ligne(unite: CommuneGardee, urls: Mapping[str, str], jeton: object) -> SafeString:
    return mark_safe(changement.ligne(unite, urls, echapper(jeton)))
