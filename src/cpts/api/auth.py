from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cpts.comptes import jetons
from cpts.comptes.models import Utilisateur


class JetonPersonnel(HttpBearer):
    """`Authorization: Bearer cpts_…` : un jeton créé depuis « Mes jetons d'API »."""

    openapi_description = "Jeton personnel créé depuis la page « Mes jetons d'API »."

    def authenticate(self, request: HttpRequest, token: str) -> Utilisateur | None:
        utilisateur = jetons.authentifier(token)
        if utilisateur is not None:
            request.user = utilisateur
        return utilisateur


# Depuis le navigateur (documentation interactive), la session suffit, avec la protection CSRF.
AUTHENTIFICATIONS = [JetonPersonnel(), SessionAuth(csrf=True)]
