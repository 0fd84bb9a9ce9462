"""Toutes les erreurs de l'API en JSON : un code stable pour les programmes, un message en français pour les gens."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ErreurDjango
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as ErreurSchema

from cpts.concurrence import Conflit
from cpts.regles.erreurs import EntreeInvalide


class Erreur(Schema):
    code: str
    message: str
    details: list[str] = []


def installer(api: NinjaAPI) -> None:
    def repondre(
        request: HttpRequest, statut: int, code: str, message: str, details: list[str] | None = None
    ) -> HttpResponse:
        return api.create_response(request, {"code": code, "message": message, "details": details or []}, status=statut)

    @api.exception_handler(Http404)
    def introuvable(request: HttpRequest, erreur: Http404) -> HttpResponse:
        return repondre(request, 404, "introuvable", "Objet introuvable (ou hors de votre périmètre).")

    @api.exception_handler(PermissionDenied)
    def interdit(request: HttpRequest, erreur: PermissionDenied) -> HttpResponse:
        return repondre(request, 403, "acces_refuse", str(erreur) or "Accès refusé.")

    @api.exception_handler(AuthenticationError)
    def non_authentifie(request: HttpRequest, erreur: AuthenticationError) -> HttpResponse:
        message = "Authentification requise : jeton personnel (Authorization: Bearer …) absent, expiré ou révoqué."
        return repondre(request, 401, "non_authentifie", message)

    @api.exception_handler(ErreurSchema)
    def donnees_invalides(request: HttpRequest, erreur: ErreurSchema) -> HttpResponse:
        details = [f"{'.'.join(str(p) for p in e.get('loc', []))} : {e.get('msg', '')}" for e in erreur.errors]
        return repondre(request, 422, "donnees_invalides", "Données invalides : voir le détail.", details)

    @api.exception_handler(EntreeInvalide)
    def entree_invalide(request: HttpRequest, erreur: EntreeInvalide) -> HttpResponse:
        return repondre(request, 422, "donnees_invalides", str(erreur))

    @api.exception_handler(ErreurDjango)
    def refus_metier(request: HttpRequest, erreur: ErreurDjango) -> HttpResponse:
        if hasattr(erreur, "error_dict"):
            details = [
                f"{champ} : {message}" for champ, messages in erreur.message_dict.items() for message in messages
            ]
        else:
            details = erreur.messages
        return repondre(request, 409, "refus", "La demande est refusée : voir le détail.", details)

    @api.exception_handler(Conflit)
    def conflit(request: HttpRequest, erreur: Conflit) -> HttpResponse:
        return repondre(request, 409, "conflit", erreur.message, erreur.details)

    @api.exception_handler(HttpError)
    def erreur_http(request: HttpRequest, erreur: HttpError) -> HttpResponse:
        return repondre(request, erreur.status_code, getattr(erreur, "code", "erreur"), str(erreur))

    @api.exception_handler(Exception)
    def erreur_serveur(request: HttpRequest, erreur: Exception) -> HttpResponse:
        # Journalisée comme toute erreur 500 ; le client ne reçoit qu'un message neutre.
        import logging

        logging.getLogger("django.request").exception("Erreur de l'API", exc_info=erreur)
        return repondre(request, 500, "erreur_serveur", "Erreur inattendue de notre côté. Réessayez plus tard.")
