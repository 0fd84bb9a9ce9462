"""Pages d'erreur en français, dans le système de design de l'État."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def interdit(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "Vous n'avez pas accès à cette page."
    return render(request, "www/erreur.html", {"code": 403, "titre": "Accès refusé", "message": message}, status=403)


def introuvable(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = "La page que vous cherchez n'existe pas ou a été déplacée."
    return render(
        request, "www/erreur.html", {"code": 404, "titre": "Page introuvable", "message": message}, status=404
    )


def erreur_serveur(request: HttpRequest) -> HttpResponse:
    # Sans contexte de requête : la page ne doit dépendre ni de la base ni de la session, qui ont pu échouer.
    contenu = render_to_string(
        "www/erreur.html",
        {
            "code": 500,
            "titre": "Erreur inattendue",
            "message": "Une erreur est survenue de notre côté. Réessayez plus tard.",
        },
    )
    return HttpResponse(contenu, status=500)
