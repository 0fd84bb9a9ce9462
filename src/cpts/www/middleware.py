"""Refuser tôt les caractères nuls : PostgreSQL ne peut pas les stocker ni les comparer (erreur 500 sinon)."""

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

MESSAGE = "La requête contient un caractère nul (\\0), refusé : retirez-le et réessayez."


def contient_un_nul(valeur: object) -> bool:
    if isinstance(valeur, str):
        return "\x00" in valeur
    if isinstance(valeur, dict):
        return any(contient_un_nul(cle) or contient_un_nul(v) for cle, v in valeur.items())
    if isinstance(valeur, list | tuple):
        return any(contient_un_nul(v) for v in valeur)
    return False


def _corps_json(request: HttpRequest) -> object:
    # Un JSON peut porter un caractère nul échappé (\u0000) : on le lit pour le voir.
    if request.content_type != "application/json" or not request.body:
        return None
    try:
        return json.loads(request.body)
    except ValueError:
        return None  # le JSON illisible est refusé plus loin, avec son propre message


def refuser_les_caracteres_nuls(
    suivant: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        donnees = [*request.GET.lists(), *(request.POST.lists() if request.method == "POST" else [])]
        if any(contient_un_nul(cle) or contient_un_nul(valeurs) for cle, valeurs in donnees) or contient_un_nul(
            _corps_json(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "caractere_nul", "message": MESSAGE, "details": []}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return suivant(request)

    return middleware
