"""Pages d'erreur en français, dans le système de design de l'État ; sous /api/, la même erreur en JSON
`{code, message, details}` (`cpts.api.erreurs.reponse_erreur`). Une seule politique, quel que soit l'endroit où
l'erreur naît : vue, intergiciel, contrôle CSRF, lecture du corps."""

from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

from cpts import bornes
from cpts.api.erreurs import PAR_STATUT, est_api, reponse_erreur

TITRES = {
    400: "Requête invalide",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Action non permise",
    413: "Envoi trop volumineux",
    415: "Type de contenu non pris en charge",
    500: "Erreur inattendue",
}
MESSAGES = {
    400: "La requête n'a pas pu être lue. Rien n'a été enregistré.",
    403: "Vous n'avez pas accès à cette page.",
    404: "La page que vous cherchez n'existe pas ou a été déplacée.",
    405: "Cette adresse ne s'ouvre pas ainsi : passez par le bouton ou le formulaire prévu.",
    500: "Une erreur est survenue de notre côté. Réessayez plus tard.",
}
MESSAGE_CSRF = (
    "Le formulaire a expiré ou n'a pas été envoyé depuis cette plateforme (vérification CSRF). Rien n'a été "
    "enregistré : revenez au formulaire, rechargez la page et envoyez-le de nouveau."
)


def repondre(
    request: HttpRequest | None, statut: int, message: str | None = None, code: str | None = None
) -> HttpResponse:
    """L'erreur `statut` : JSON sous /api/, page DSFR ailleurs. Un envoi refusé (POST) offre le retour au formulaire,
    dont le navigateur garde la saisie."""
    if request is not None and est_api(request):
        return reponse_erreur(statut, code, message)
    contexte = {
        "code": statut,
        "titre": TITRES.get(statut, "Erreur"),
        "message": message or MESSAGES.get(statut) or PAR_STATUT.get(statut, PAR_STATUT[500])[1],
        "retour": request is not None and request.method == "POST",
        "adresse_retour": _page_d_origine(request),
    }
    # Sans la requête pour une erreur 500 : la page ne doit dépendre ni de la base ni de la session, qui ont pu échouer.
    contenu = render_to_string("www/erreur.html", contexte, request=request if statut != 500 else None)
    return HttpResponse(contenu, status=statut)


def _page_d_origine(request: HttpRequest | None) -> str | None:
    """La page d'où venait l'envoi, si elle est de cette plateforme (repli du retour au formulaire)."""
    if request is None:
        return None
    origine = request.META.get("HTTP_REFERER", "")
    try:
        hote = request.get_host()
    except DisallowedHost:
        return None
    return origine if url_has_allowed_host_and_scheme(origine, allowed_hosts={hote}) else None


def requete_invalide(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django lève ces erreurs en lisant un corps trop gros ou trop découpé : c'est un 413, pas un 400.
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        message = (
            bornes.MESSAGE_TROP_VOLUMINEUX
            if isinstance(exception, RequestDataTooBig)
            else "La requête compte trop de champs ou de fichiers : rien n'a été enregistré."
        )
        return repondre(request, 413, message, code="trop_volumineux")
    return repondre(request, 400)


def interdit(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return repondre(request, 403, str(exception) if exception and str(exception) else None)


def introuvable(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return repondre(request, 404)


def erreur_serveur(request: HttpRequest) -> HttpResponse:
    return repondre(request if est_api(request) else None, 500)


def echec_csrf(request: HttpRequest, reason: str = "") -> HttpResponse:
    return repondre(request, 403, MESSAGE_CSRF, code="csrf")
