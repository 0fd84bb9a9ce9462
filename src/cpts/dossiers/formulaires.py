"""Le formulaire d'un document (pré-projet, projet de santé, fiche action, budget), construit depuis son modèle.

Pages et API valident les valeurs d'un brouillon par lui : mêmes types, mêmes messages.
"""

import contextlib
from decimal import Decimal
from typing import Any

from django import forms

from cpts.dossiers import documents
from cpts.dossiers.documents import Genre
from cpts.saisie import nombre_fr

AIDE_DATE = "Format JJ/MM/AAAA"


class ChampMontant(forms.DecimalField):
    """Un montant saisi à la française (« 6 000 », « 12 500,50 € ») ; ce qui ne s'y lit pas garde le refus du champ
    décimal de Django."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str) and value.strip():
            with contextlib.suppress(ValueError):
                value = str(nombre_fr(value, "€"))
        return super().to_python(value)


def formulaire_document(
    modele: documents.ModeleDocument, *args: Any, base: type[forms.Form] = forms.Form, **kwargs: Any
) -> forms.Form:
    """Le formulaire d'un document, construit depuis son modèle : aucun champ n'est requis au brouillon."""
    champs: dict[str, forms.Field] = {}
    for section, champ in modele.champs():
        aide = champ.aide
        if champ.genre == Genre.TEXTE:
            champ_form: forms.Field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
        elif champ.genre == Genre.LIGNE:
            champ_form = forms.CharField(max_length=200)
        elif champ.genre == Genre.DATE:
            champ_form = forms.DateField()
            aide = " ".join(filter(None, [aide, AIDE_DATE]))
        elif champ.genre == Genre.CHOIX:
            champ_form = forms.ChoiceField(choices=[("", "—"), *champ.choix])
        elif champ.genre == Genre.ANNEE:
            champ_form = forms.IntegerField(min_value=2000, max_value=2100)
        else:
            champ_form = ChampMontant(
                min_value=Decimal(0),
                max_digits=12,
                decimal_places=2,
                localize=True,
                error_messages={"min_value": f"{champ.libelle} : un montant ne peut pas être négatif."},
            )
        champ_form.required = False
        prefixe = f"{section.numero}. " if section.numero and len(section.champs) == 1 else ""
        champ_form.label = f"{prefixe}{champ.libelle}" + ("" if champ.requis else " (facultatif au dépôt)")
        champ_form.help_text = aide
        champs[champ.cle] = champ_form
    classe = type(f"Formulaire{modele.type.title()}", (base,), champs)
    return classe(*args, **kwargs)


def valeurs_initiales(modele: documents.ModeleDocument, brouillon: dict[str, object]) -> dict[str, object]:
    """Le brouillon JSON relu pour le formulaire (dates et montants retrouvent leur type)."""
    initiales: dict[str, object] = {}
    for _, champ in modele.champs():
        valeur = brouillon.get(champ.cle)
        if documents.vide(valeur):
            continue
        if champ.genre == Genre.DATE:
            valeur = documents.date_de(valeur)
        elif champ.genre == Genre.MONTANT:
            valeur = documents.montant(valeur)
        initiales[champ.cle] = valeur
    return initiales
