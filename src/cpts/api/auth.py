from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cpts.comptes import jetons
from cpts.comptes.models import Utilisateur


class JetonPersonnel(HttpBearer):
    """`Authorization: Bearer cpts_…` : un jeton créé depuis « Mes jetons d'API »."""

    openapi_description = "Jeton personnel créé depuis la page « Mes jetons d'API »."

    def __call__(self, request: HttpRequest) -> Utilisateur | None:
        # La lecture de django-ninja, l'en-tête pris directement dans META : `request.headers` recopiait tous les
        # en-têtes de la requête, à chaque appel de l'API, pour n'en lire qu'un.
        valeur = request.META.get("HTTP_AUTHORIZATION")
        if not valeur:
            return None
        schema, _, jeton = valeur.partition(" ")
        return self.authenticate(request, jeton) if schema.lower() == self.openapi_scheme else None

    def authenticate(self, request: HttpRequest, token: str) -> Utilisateur | None:
        utilisateur = jetons.authentifier(token)
        if utilisateur is not None:
            request.user = utilisateur
        return utilisateur


# Depuis le navigateur (documentation interactive), la session suffit, avec la protection CSRF.
AUTHENTIFICATIONS = [JetonPersonnel(), SessionAuth(csrf=True)]
