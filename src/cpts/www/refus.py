"""Un refus métier (ValidationError d'un service) montré à l'utilisateur : un message d'erreur par raison."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def signaler(request: HttpRequest, erreur: ValidationError) -> None:
    for message in erreur.messages:
        messages.error(request, message)
