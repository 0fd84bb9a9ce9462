"""Un champ d'une ligne ne porte ni retour à la ligne ni caractère de contrôle : un nom de CPTS avec un saut de
ligne casserait les exports, les en-têtes de téléchargement et les relevés."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError


def refuser_les_controles(valeur: object) -> None:
    if isinstance(valeur, str) and any(unicodedata.category(c) == "Cc" for c in valeur):
        raise ValidationError(
            "Ce champ tient sur une ligne : retirez les retours à la ligne et caractères de contrôle.",
            code="controle",
        )


class LignesSimples:
    """Mixin de formulaire : chaque champ texte d'une ligne (hors zones de texte) refuse les caractères de contrôle."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for champ in self.fields.values():
            if isinstance(champ, forms.CharField) and not isinstance(champ.widget, forms.Textarea):
                champ.validators.append(refuser_les_controles)
