import datetime

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from cpts.territoires.couverture import NIVEAUX


class FormulaireCouverture(DsfrBaseForm):
    niveau = forms.ChoiceField(
        label="Niveau",
        choices=[("region", "Région"), ("departement", "Département"), ("france", "France")],
        required=False,
    )
    date = forms.DateField(label="À la date du", help_text="Format JJ/MM/AAAA", required=False)

    def niveau_et_date(self) -> tuple[str, datetime.date]:
        """Les valeurs retenues ; une saisie invalide retombe sur les valeurs par défaut, erreurs affichées."""
        valeurs = self.cleaned_data if self.is_bound and self.is_valid() else {}
        niveau = valeurs.get("niveau") or "region"
        return (niveau if niveau in NIVEAUX else "region", valeurs.get("date") or timezone.localdate())
