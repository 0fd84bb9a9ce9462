"""Le désabonnement d'une sorte de courriel, depuis le lien signé du courriel, sans se connecter.

La page (GET) demande confirmation : un lien suivi par un logiciel de messagerie qui vérifie les liens ne désabonne
personne. Le bouton (POST) désabonne.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cpts.notifications import services
from cpts.notifications.enums import TypeCourriel
from cpts.notifications.jetons import lire_jeton


def desabonnement(request: HttpRequest, jeton: str) -> HttpResponse:
    try:
        _, type_courriel = lire_jeton(jeton)
        fait = services.desabonner(jeton) if request.method == "POST" else None
    except ValidationError as erreur:
        return render(request, "courriels/page_desabonnement.html", {"erreur": erreur.messages[0]}, status=400)
    contexte = {"erreur": "", "sorte": TypeCourriel(type_courriel).label, "fait": fait is not None}
    return render(request, "courriels/page_desabonnement.html", contexte)
