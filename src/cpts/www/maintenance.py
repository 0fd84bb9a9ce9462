"""Pendant une restauration, chaque requête reçoit 503 : une page française, ou du JSON sous /api/."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from cpts.exploitation.maintenance import requete_en_cours

MESSAGE = "La plateforme est en maintenance (restauration d'une sauvegarde) : réessayez dans quelques minutes."
# La sonde du répartiteur de charge dit seulement que le processus répond ; elle ne touche pas la base.
SANS_MAINTENANCE = ("/sante/",)
REESSAYER_APRES = "120"


def maintenance(suivant: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path in SANS_MAINTENANCE:
            return suivant(request)
        with requete_en_cours() as servie:
            return suivant(request) if servie else _indisponible(request)

    return middleware


def _indisponible(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        reponse: HttpResponse = JsonResponse({"code": "maintenance", "message": MESSAGE, "details": []}, status=503)
    else:
        # Sans contexte de requête : ni session ni utilisateur, la base est en cours de remplacement.
        contenu = render_to_string(
            "www/erreur.html", {"code": 503, "titre": "Maintenance en cours", "message": MESSAGE}
        )
        reponse = HttpResponse(contenu, status=503)
    reponse["Retry-After"] = REESSAYER_APRES
    return reponse
