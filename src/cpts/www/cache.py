"""Une réponse à un utilisateur connecté (session ou jeton d'API) ne se garde dans aucun cache : ni celui d'un
mandataire, ni celui du navigateur (bouton « précédent » après la déconnexion, poste partagé)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import SimpleLazyObject, empty
from django.utils.http import http_date

# Ce qu'écrivent add_never_cache_headers puis patch_cache_control(private=True) sur une réponse qui n'a encore aucun
# en-tête de cache (presque toutes) : écrit d'un coup, sans analyser puis recomposer l'en-tête trois fois.
JAMAIS_EN_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def _connecte(request: HttpRequest) -> bool:
    """Lu après la vue (l'API authentifie par jeton pendant la requête). Un utilisateur de session que la vue n'a
    jamais lu n'a pas pu changer la réponse : on ne le charge pas pour si peu (la sonde /sante/ ne touche pas la
    base)."""
    utilisateur = getattr(request, "user", None)
    if isinstance(utilisateur, SimpleLazyObject) and utilisateur._wrapped is empty:
        return False
    return bool(utilisateur is not None and utilisateur.is_authenticated)


def pas_de_cache_pour_un_utilisateur_connecte(
    suivant: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        reponse = suivant(request)
        if not _connecte(request):
            return reponse
        if reponse.has_header("Cache-Control") or reponse.has_header("Expires"):
            add_never_cache_headers(reponse)
            patch_cache_control(reponse, private=True)
        else:
            reponse["Expires"] = http_date()
            reponse["Cache-Control"] = JAMAIS_EN_CACHE
        return reponse

    return middleware
