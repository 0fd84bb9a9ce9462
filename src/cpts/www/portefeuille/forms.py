from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm

from cpts.portefeuille.format import TAILLE_MAX_OCTETS
from cpts.territoires.models import Region
from cpts.www.formulaires import ChampTableur


class FormulairePortefeuille(DsfrBaseForm):
    region = forms.ChoiceField(label="Région")
    fichier = ChampTableur(label="Fichier du portefeuille", taille_max=TAILLE_MAX_OCTETS)

    def __init__(self, *args: Any, regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        noms = dict(Region.objects.filter(code__in=regions).values_list("code", "nom"))
        self.fields["region"].choices = [(code, f"{noms.get(code, code)} ({code})") for code in regions]
