"""La boîte à outils des formulaires des pages : champs saisis à la française (formulaires de modèle compris, par
`champ_francais`), le fichier d'un import (`ChampTableur`) et les erreurs d'un formulaire redites en messages quand
la page renvoie ailleurs. Le rendu passe par les groupes de champs de django-dsfr (`www/champ.html`) et le résumé
des erreurs (`www/entete_formulaire.html`).

Un seul endroit pour ce que chaque formulaire faisait à sa façon : une date JJ/MM/AAAA, un nombre « 6 000 », un taux
« 85 % ». Les champs nombre sont des zones de texte (`inputmode` numérique) : un `<input type="number">` refuse
« 6 000 » dans le navigateur avant même l'envoi.
"""

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from html import escape
from typing import Any

from django import forms
from django.contrib import messages
from django.core.validators import DecimalValidator
from django.db import models
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from cpts.dossiers.formulaires import AIDE_DATE
from cpts.saisie import entier_fr, nombre_fr, taux_fr


class ChampDate(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", AIDE_DATE)
        super().__init__(**kwargs)


class ChampTableur(forms.FileField):
    """Le fichier d'un import ligne à ligne, CSV (« ; », UTF-8) ou XLSX, refusé au-delà de `taille_max` octets avant
    toute lecture."""

    def __init__(self, *, taille_max: int, **kwargs: Any) -> None:
        self.taille_max = taille_max
        kwargs.setdefault(
            "help_text", f"CSV (séparateur « ; », UTF-8) ou XLSX, {taille_max // (1024 * 1024)} Mo au plus."
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        fichier = super().clean(data, initial)
        if fichier.size > self.taille_max:
            raise forms.ValidationError(
                f"Fichier trop volumineux : {fichier.size // 1024} Ko, la limite est de {self.taille_max // 1024} Ko."
            )
        if not fichier.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Fichier : formats acceptés CSV (séparateur « ; », UTF-8) ou XLSX.")
        return fichier


class _ChampFrancais(forms.CharField):
    """Un nombre lu par une fonction de `cpts.saisie` ; ses bornes vérifiées après lecture."""

    lire: Callable[[str], object]
    mode = "decimal"

    def __init__(
        self,
        *,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": self.mode}))
        super().__init__(**kwargs)
        if max_digits is not None or decimal_places is not None:
            self.validators.append(DecimalValidator(max_digits, decimal_places))

    def to_python(self, value: object) -> Any:
        texte = super().to_python(value)
        if not texte:
            return None
        try:
            valeur = type(self).lire(texte)
        except ValueError as erreur:
            raise forms.ValidationError(str(erreur)) from None
        if self.min_value is not None and valeur < self.min_value:  # type: ignore[operator]
            raise forms.ValidationError(f"« {texte} » : au moins {self.min_value}.")
        if self.max_value is not None and valeur > self.max_value:  # type: ignore[operator]
            raise forms.ValidationError(f"« {texte} » : au plus {self.max_value}.")
        return valeur

    def prepare_value(self, value: object) -> object:
        # Une valeur initiale (Decimal) se relit à la française : « 0,85 », pas « 0.85 ».
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value


class ChampEntier(_ChampFrancais):
    """« 45 000 » habitants, « 1 200 » membres."""

    lire = staticmethod(entier_fr)
    mode = "numeric"


class ChampNombre(_ChampFrancais):
    """« 12,5 », « 6 000 », « 50 000 € »."""

    lire = staticmethod(lambda texte: nombre_fr(texte, "€"))


class ChampTaux(_ChampFrancais):
    """Une part de 0 à 1 saisie « 85 % » ou « 0,85 »."""

    lire = staticmethod(taux_fr)


def echapper(valeur: Any) -> str:
    """Comme le gabarit (`conditional_escape`) : un texte déjà sûr tel quel, le reste échappé par `html.escape` (ce que
    `django.utils.html.escape` enrobe, sans son enveloppe paresseuse : une liste a des centaines d'options)."""
    if type(valeur) is str:
        # Le cas courant, sans chercher `__html__` (une exception levée puis rattrapée à chaque texte).
        return escape(valeur)
    return str(valeur.__html__()) if hasattr(valeur, "__html__") else escape(str(valeur))


def attributs_html(attributs: dict[str, Any]) -> str:
    """Les attributs d'une balise comme les écrit Django (`django/forms/widgets/attrs.html`) : False omis, True seul."""
    return "".join(
        f" {nom}" if valeur is True else f' {nom}="{echapper(valeur)}"'
        for nom, valeur in attributs.items()
        if valeur is not False
    )


class ListeDeroulante(forms.Select):
    """Une liste déroulante écrite en Python, au même HTML que celle de Django. Le rendu de Django passe par un gabarit
    par option : 10 ms pour les 165 CPTS d'une région (la moitié du temps de la fiche d'une CPTS), et une fraction
    de milliseconde pour chaque petite liste d'un formulaire."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        choisies = set(self.format_value(value))
        morceaux = []

        def option(valeur: Any, libelle: Any) -> str:
            # Comme `Select.optgroups` : une seule option choisie dans une liste simple, la première qui correspond.
            texte = str(valeur)
            choisie = texte in choisies and (self.allow_multiple_selected or not morceaux_choisis)
            if choisie:
                morceaux_choisis.append(texte)
            return f'<option value="{echapper(texte)}"{" selected" if choisie else ""}>{echapper(libelle)}</option>'

        morceaux_choisis: list[str] = []
        for valeur, libelle in self.choices:
            if isinstance(libelle, list | tuple):
                options = "".join(option(sous_valeur, sous_libelle) for sous_valeur, sous_libelle in libelle)
                morceaux.append(f'<optgroup label="{echapper(valeur)}">{options}</optgroup>')
            else:
                morceaux.append(option(valeur, libelle))
        attributs = attributs_html(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{echapper(name)}"{attributs}>{"".join(morceaux)}</select>')


def champ_francais(champ_du_modele: models.Field, **kwargs: Any) -> forms.Field | None:
    """`formfield_callback` des formulaires de modèle : leurs nombres se saisissent aussi à la française."""
    if champ_du_modele.choices:
        return champ_du_modele.formfield(**kwargs)
    if isinstance(champ_du_modele, models.IntegerField):
        return champ_du_modele.formfield(form_class=ChampEntier, **kwargs)
    if isinstance(champ_du_modele, models.DecimalField):
        return champ_du_modele.formfield(form_class=ChampNombre, **kwargs)
    return champ_du_modele.formfield(**kwargs)


def erreurs_en_messages(request: HttpRequest, formulaire: forms.BaseForm) -> None:
    """Quand un formulaire refusé renvoie vers une autre page (la fiche), chaque erreur y est redite, préfixée du
    libellé de son champ."""
    for champ, erreurs in formulaire.errors.items():
        libelle = formulaire.fields[champ].label if champ in formulaire.fields else ""
        for erreur in erreurs:
            messages.error(request, f"{libelle} : {erreur}" if libelle and not erreur.startswith(libelle) else erreur)


@cache
def champs_vierges(classe: type[forms.BaseForm]) -> SafeString:
    """Les groupes de champs d'un formulaire vierge, chacun dans un élément de fieldset du système de design, rendus une
    fois par processus. Le formulaire est construit sans aucun argument : son HTML ne dépend que de sa classe (ni
    données, ni valeurs initiales, ni choix lus en base). La note et la demande de la fiche d'une CPTS se rendaient à
    chaque affichage (un vingtième de la page)."""
    return mark_safe("".join(f'<div class="fr-fieldset__element">{champ.as_field_group()}</div>' for champ in classe()))
