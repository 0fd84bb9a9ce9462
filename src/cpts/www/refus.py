"""Un refus métier (ValidationError d'un service) montré à l'utilisateur : un message d'erreur par raison."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def signaler(request: HttpRequest, erreur: ValidationError) -> None:
    for message in erreur.messages:
        messages.error(request, message)


def rattacher(formulaire: forms.BaseForm, erreur: ValidationError) -> None:
    """Les raisons d'un refus sur les champs du formulaire qu'elles nomment ; les autres en tête du formulaire."""
    if not hasattr(erreur, "error_dict"):
        for message in erreur.messages:
            formulaire.add_error(None, message)
        return
    for champ, raisons in erreur.message_dict.items():
        cible = champ if champ in formulaire.fields else None
        for raison in raisons:
            formulaire.add_error(cible, raison)
