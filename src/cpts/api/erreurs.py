"""Toutes les erreurs de l'API en JSON : un code stable pour les programmes, un message en français pour les gens.

Les erreurs levées dans une opération passent par les gestionnaires de django-ninja installés ici ; celles qui
naissent avant (adresse inconnue, corps refusé par l'intergiciel, échec CSRF, requête trop volumineuse) passent par
`reponse_erreur`, appelée par les pages d'erreur de `cpts.www.erreurs` quand l'adresse est sous `/api/`."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ErreurDjango
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as ErreurSchema

from cpts.concurrence import ModificationConcurrente
from cpts.regles.erreurs import EntreeInvalide

PREFIXE = "/api/"

# Le code et le message de chaque statut quand rien de plus précis n'est connu.
PAR_STATUT = {
    400: ("requete_invalide", "Requête invalide : elle n'a pas pu être lue."),
    401: ("non_authentifie", "Authentification requise."),
    403: ("acces_refuse", "Accès refusé."),
    404: ("introuvable", "Adresse ou objet introuvable."),
    405: ("methode_non_permise", "Méthode HTTP non permise pour cette adresse."),
    413: ("trop_volumineux", "Requête trop volumineuse."),
    415: (
        "type_non_supporte",
        "Type de contenu non pris en charge : envoyez du JSON (Content-Type: application/json).",
    ),
    429: ("trop_de_requetes", "Trop de requêtes : réessayez plus tard."),
    500: ("erreur_serveur", "Erreur inattendue de notre côté. Réessayez plus tard."),
}
# Les quelques messages que django-ninja lève lui-même, en anglais.
MESSAGES_NINJA = {
    "Cannot parse request body": ("json_illisible", "Le corps de la requête n'est pas un JSON lisible."),
    "CSRF check Failed": (
        "csrf",
        "Vérification CSRF échouée : rechargez la page de la documentation, ou utilisez un jeton personnel.",
    ),
}


class Erreur(Schema):
    code: str
    message: str
    details: list[str] = []


def est_api(request: HttpRequest) -> bool:
    return request.path.startswith(PREFIXE)


def reponse_erreur(
    statut: int, code: str | None = None, message: str | None = None, details: list[str] | None = None
) -> JsonResponse:
    """La réponse d'erreur de l'API, hors de django-ninja ; code et message par défaut selon le statut."""
    code_defaut, message_defaut = PAR_STATUT.get(statut, PAR_STATUT[400 if statut < 500 else 500])
    corps = {"code": code or code_defaut, "message": message or message_defaut, "details": details or []}
    return JsonResponse(corps, status=statut, json_dumps_params={"ensure_ascii": False})


# Les erreurs de validation de pydantic, en français : le type de l'erreur donne le message, son contexte les bornes.
_VALIDATION = {
    "missing": "champ obligatoire",
    "extra_forbidden": "champ inconnu",
    "string_type": "texte attendu",
    "string_too_long": "{max_length} caractères au plus",
    "string_too_short": "{min_length} caractère(s) au moins",
    "string_pattern_mismatch": "format invalide",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "decimal_type": "nombre décimal attendu (par exemple « 12500.00 »)",
    "decimal_parsing": "nombre décimal attendu (par exemple « 12500.00 »)",
    "decimal_max_digits": "{max_digits} chiffres au plus",
    "decimal_max_places": "{decimal_places} décimales au plus",
    "decimal_whole_digits": "trop de chiffres avant la virgule",
    "finite_number": "nombre fini attendu",
    "bool_type": "booléen attendu (true ou false)",
    "bool_parsing": "booléen attendu (true ou false)",
    "date_type": "date attendue (AAAA-MM-JJ)",
    "date_parsing": "date invalide : attendu AAAA-MM-JJ",
    "date_from_datetime_parsing": "date invalide : attendu AAAA-MM-JJ",
    "date_from_datetime_inexact": "date sans heure attendue (AAAA-MM-JJ)",
    "datetime_type": "date et heure attendues",
    "datetime_parsing": "date et heure invalides",
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "literal_error": "valeur non permise (attendu : {expected})",
    "enum": "valeur non permise (attendu : {expected})",
    "list_type": "liste attendue",
    "too_long": "{max_length} éléments au plus",
    "too_short": "{min_length} élément(s) au moins",
    "dict_type": "objet JSON attendu",
    "model_type": "objet JSON attendu",
    "model_attributes_type": "objet JSON attendu",
    "json_invalid": "JSON invalide",
    "uuid_parsing": "identifiant invalide",
}


def message_validation(erreur: dict) -> str:
    type_ = erreur.get("type", "")
    if type_ == "value_error":  # nos propres validateurs lèvent ValueError avec un message en français
        return str(erreur.get("ctx", {}).get("error", "")) or "valeur invalide"
    modele = _VALIDATION.get(type_)
    if modele is None:
        return "valeur invalide"
    contexte = {cle: str(valeur).replace(" or ", " ou ") for cle, valeur in erreur.get("ctx", {}).items()}
    try:
        return modele.format(**contexte)
    except (KeyError, IndexError):
        return "valeur invalide"


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
        details = [f"{'.'.join(str(p) for p in e.get('loc', []))} : {message_validation(e)}" for e in erreur.errors]
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

    @api.exception_handler(ModificationConcurrente)
    def conflit(request: HttpRequest, erreur: ModificationConcurrente) -> HttpResponse:
        return repondre(request, 409, "conflit", erreur.message, erreur.details)

    @api.exception_handler(HttpError)
    def erreur_http(request: HttpRequest, erreur: HttpError) -> HttpResponse:
        code, message = MESSAGES_NINJA.get(str(erreur), (getattr(erreur, "code", None), str(erreur)))
        code = code or PAR_STATUT.get(erreur.status_code, ("erreur", ""))[0]
        return repondre(request, erreur.status_code, code, message)

    @api.exception_handler(Exception)
    def erreur_serveur(request: HttpRequest, erreur: Exception) -> HttpResponse:
        # Journalisée comme toute erreur 500 ; le client ne reçoit qu'un message neutre.
        logging.getLogger("django.request").exception("Erreur de l'API", exc_info=erreur)
        return repondre(request, 500, *PAR_STATUT[500])
