from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from cpts.portefeuille.format import TAILLE_MAX_OCTETS
from cpts.territoires.models import Region


class FormulairePortefeuille(DsfrBaseForm):
    region = forms.ChoiceField(label="Région")
    fichier = forms.FileField(
        label="Fichier du portefeuille",
        help_text=f"CSV (séparateur « ; », UTF-8) ou XLSX, {TAILLE_MAX_OCTETS // (1024 * 1024)} Mo au plus.",
    )

    def __init__(self, *args: Any, regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        noms = dict(Region.objects.filter(code__in=regions).values_list("code", "nom"))
        self.fields["region"].choices = [(code, f"{noms.get(code, code)} ({code})") for code in regions]

    def clean_fichier(self) -> Any:
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX_OCTETS:
            raise forms.ValidationError(
                f"Fichier trop volumineux : {fichier.size // 1024} Ko, la limite est de {TAILLE_MAX_OCTETS // 1024} Ko."
            )
        if not fichier.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Fichier : formats acceptés CSV (séparateur « ; », UTF-8) ou XLSX.")
        return fichier
