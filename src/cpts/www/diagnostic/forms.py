from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from cpts.diagnostic.format import TAILLE_MAX_OCTETS


class FormulaireIndicateurs(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier des indicateurs",
        help_text=f"CSV (séparateur « ; », UTF-8) ou XLSX, {TAILLE_MAX_OCTETS // (1024 * 1024)} Mo au plus.",
    )
    essai = forms.BooleanField(
        label="Essai seulement : vérifier le fichier sans rien écrire", required=False, initial=True
    )

    def clean_fichier(self) -> Any:
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX_OCTETS:
            raise forms.ValidationError(
                f"Fichier trop volumineux : {fichier.size // 1024} Ko, la limite est de {TAILLE_MAX_OCTETS // 1024} Ko."
            )
        if not fichier.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Fichier : formats acceptés CSV (séparateur « ; », UTF-8) ou XLSX.")
        return fichier
