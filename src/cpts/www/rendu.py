"""Le moteur de rendu des formulaires, construit une fois par processus, qui écrit en Python les gabarits les plus
rendus.

django-dsfr rend ses formulaires avec `DsfrDjangoTemplates` tant que FORM_RENDERER garde sa valeur par défaut, mais
il en crée alors une instance par formulaire : un moteur de gabarits neuf à chaque page, qui recherche toutes les
bibliothèques de balises et recompile chaque gabarit de champ (la moitié du temps de la plus petite page d'un
utilisateur connecté, mesuré par pyinstrument). Nommé dans FORM_RENDERER, le même rendu est construit une fois
(`get_default_renderer` le garde) et ses gabarits compilés restent en cache.

Compilés, ces gabarits restent chers à rendre : un champ de saisie traverse quatre gabarits (groupe de champ du DSFR,
widget, `input.html`, `attrs.html`) et une liste déroulante deux de plus par option, soit les deux tiers du temps des
deux champs de la plus petite page. Le groupe de champ de saisie du DSFR et les widgets courants de Django s'écrivent
donc ici en Python, au caractère près (`tests/www/test_rendu.py` compare chacun au gabarit qu'il remplace) ; tout autre
gabarit passe par le moteur.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.template import Context
from django.template.base import render_value_in_context
from dsfr.forms import DsfrDjangoTemplates
from dsfr.templatetags.dsfr_tags import dsfr_mark_optionnal_fields
from dsfr.utils import dsfr_input_class_attr

from cpts.www.formulaires import attributs_html, echapper

# Le contexte d'un gabarit de formulaire : échappement automatique, dates et nombres à la manière du moteur.
_CONTEXTE = Context()

GROUPE_DE_SAISIE = "dsfr/form_field_snippets/input_snippet.html"
OPTION = "django/forms/widgets/select_option.html"
# Les widgets de Django dont le gabarit n'est que `{% include "django/forms/widgets/input.html" %}`.
SAISIES = frozenset(
    f"django/forms/widgets/{nom}.html"
    for nom in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


def _texte(valeur: Any) -> str:
    """`{{ valeur }}` dans un gabarit."""
    return str(render_value_in_context(valeur, _CONTEXTE))


def _saisie(contexte: Mapping[str, Any]) -> str:
    """`django/forms/widgets/input.html`."""
    widget = contexte["widget"]
    valeur = "" if widget["value"] is None else f' value="{echapper(widget["value"])}"'
    return (
        f'<input type="{echapper(widget["type"])}" name="{echapper(widget["name"])}"{valeur}'
        f"{attributs_html(widget['attrs'])}>"
    )


def _option(option: Mapping[str, Any]) -> str:
    attributs = attributs_html(option["attrs"])
    return f'<option value="{echapper(option["value"])}"{attributs}>{_texte(option["label"])}</option>'


def _liste(contexte: Mapping[str, Any]) -> str | None:
    """`django/forms/widgets/select.html` et une `select_option.html` par option ; None si une option a son propre
    gabarit."""
    widget = contexte["widget"]
    morceaux = [f'<select name="{echapper(widget["name"])}"{attributs_html(widget["attrs"])}>']
    for groupe, options, _ in widget["optgroups"]:
        if groupe:
            morceaux.append(f'\n  <optgroup label="{_texte(groupe)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            morceaux.append(f"\n  {_option(option)}\n")
        if groupe:
            morceaux.append("\n  </optgroup>")
    morceaux.append("\n</select>")
    return "".join(morceaux)


def _zone_de_texte(contexte: Mapping[str, Any]) -> str:
    """`django/forms/widgets/textarea.html`."""
    widget = contexte["widget"]
    valeur = _texte(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{echapper(widget["name"])}"{attributs_html(widget["attrs"])}>\n{valeur}</textarea>'


def _groupe_de_saisie(contexte: Mapping[str, Any]) -> str:
    """Le groupe d'un champ de saisie de django-dsfr (`dsfr/form_field_snippets/input_snippet.html`) : libellé,
    aide, widget, erreurs, avec les blancs du gabarit."""
    champ = contexte["field"]
    classe = getattr(champ.field.widget, "group_class", None) or "fr-input-group"
    erreurs = champ.errors
    classes = (
        classe
        + (f" {classe}--error" if erreurs else "")
        + (" fr-input-group--disabled" if champ.field.disabled else "")
    )
    identifiant = _texte(champ.id_for_label)
    aide = (
        f'\n      <span class="fr-hint-text" id="{identifiant}_helptext">{champ.help_text}</span>\n    '
        if champ.help_text
        else ""
    )
    marque = _texte(dsfr_mark_optionnal_fields(champ))
    widget = _texte(dsfr_input_class_attr(champ))
    bloc_erreurs = (
        f'\n    <div id="{_texte(champ.auto_id)}-desc-error">\n      {_texte(erreurs)}\n    </div>\n  '
        if erreurs
        else ""
    )
    return (
        f'<div class="{classes}">\n'
        f'  <label for="{identifiant}" class="fr-label">\n'
        "    \n"
        f"    {_texte(champ.label)}{marque}\n"
        f"    {aide}\n"
        "    \n"
        "  </label>\n"
        f"  {widget}\n"
        f"  {bloc_erreurs}\n"
        "</div>"
    )


ECRITS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    GROUPE_DE_SAISIE: _groupe_de_saisie,
    "django/forms/widgets/select.html": _liste,
    "django/forms/widgets/textarea.html": _zone_de_texte,
    **dict.fromkeys(SAISIES, _saisie),
}


class RenduDsfr(DsfrDjangoTemplates):
    def render(self, template_name: str, context: Mapping[str, Any], request: Any = None) -> str:
        ecrire = ECRITS.get(template_name)
        rendu = ecrire(context) if ecrire is not None else None
        return rendu if rendu is not None else super().render(template_name, context, request)
