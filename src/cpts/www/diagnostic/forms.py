from django import forms
from dsfr.forms import DsfrBaseForm

from cpts.diagnostic.format import TAILLE_MAX_OCTETS
from cpts.www.formulaires import ChampTableur


class FormulaireIndicateurs(DsfrBaseForm):
    fichier = ChampTableur(label="Fichier des indicateurs", taille_max=TAILLE_MAX_OCTETS)
    essai = forms.BooleanField(
        label="Essai seulement : vérifier le fichier sans rien écrire", required=False, initial=True
    )
