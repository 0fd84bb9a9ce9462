"""Connexion par OpenID Connect (ProConnect, Pro Santé Connect) avec Authlib : flux « code » avec PKCE.

Authlib garde l'état (`state`), le `nonce` et le vérificateur PKCE dans la session, vérifie l'état au retour,
échange le code et valide le jeton d'identité (signature par les clés publiées du fournisseur, émetteur, audience,
expiration, nonce). Cette page ne fait que traduire ses refus en français et demander au domaine quel compte ouvrir
(`cpts.comptes.identites.rattacher`).
"""

from functools import lru_cache
from typing import Any

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from cpts.comptes import invitations
from cpts.comptes.authentification import MOTEUR
from cpts.comptes.identites import CompteInconnu, ConnexionRefusee, Identite, adresse_certifiee, rattacher
from cpts.www.comptes.invitations import CLE_INVITATION

# Ce que la session garde d'une connexion par un fournisseur : de quoi s'y déconnecter ensuite.
CLE_SESSION = "connexion_oidc"
CLE_SUIVANT = "connexion_oidc_suivant"
DELAI_RESEAU = 10  # secondes : un fournisseur qui ne répond pas ne doit pas bloquer un processus du serveur


def _configuration(fournisseur: str) -> dict[str, Any]:
    configuration = settings.OIDC_FOURNISSEURS.get(fournisseur)
    if configuration is None:
        raise Http404("Cette connexion n'est pas configurée sur la plateforme.")
    return configuration


def client(fournisseur: str) -> DjangoOAuth2App:
    c = _configuration(fournisseur)
    return _client(fournisseur, c["issuer"], c["client_id"], c["client_secret"], c["scopes"])


@lru_cache(maxsize=8)
def _client(fournisseur: str, issuer: str, client_id: str, client_secret: str, scopes: str) -> DjangoOAuth2App:
    # Un client par configuration : la découverte du fournisseur et ses clés publiques sont lues une fois.
    return OAuth().register(
        fournisseur,
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256", "timeout": DELAI_RESEAU},
    )


@require_GET
def demarrer(request: HttpRequest, fournisseur: str) -> HttpResponse:
    application = client(fournisseur)
    suivant = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        request.session[CLE_SUIVANT] = suivant
    retour = request.build_absolute_uri(reverse("oidc_retour", args=[fournisseur]))
    try:
        return application.authorize_redirect(request, retour)
    except requests.RequestException:
        return _refus(request, _injoignable(fournisseur), status=502)


@require_GET
def retour(request: HttpRequest, fournisseur: str) -> HttpResponse:
    nom = _configuration(fournisseur)["nom"]
    application = client(fournisseur)
    try:
        jeton = application.authorize_access_token(request, claims_options=_declarations_exigees(application))
        identite = _identite(application, fournisseur, nom, jeton)
        utilisateur = rattacher(identite)
    except MismatchingStateError:
        return _refus(
            request,
            "Cette réponse de connexion n'est pas reconnue (demande inconnue, déjà utilisée ou venue d'ailleurs) : "
            "recommencez depuis la page de connexion.",
        )
    except OAuthError as erreur:
        return _refus(request, _message_du_fournisseur(nom, erreur))
    except ExpiredTokenError:
        return _refus(request, f"Le jeton d'identité envoyé par {nom} a expiré : la connexion est refusée.")
    except ClaimError as erreur:
        return _refus(
            request,
            f"Le jeton d'identité envoyé par {nom} est invalide ({_mention(erreur.claim)}) : la connexion est refusée.",
        )
    except JoseError:
        return _refus(
            request, f"Le jeton d'identité envoyé par {nom} est illisible ou mal signé : la connexion est refusée."
        )
    except requests.RequestException:
        return _refus(request, _injoignable(fournisseur), status=502)
    except CompteInconnu as inconnu:
        if CLE_INVITATION not in request.session:
            return _refus(request, inconnu.messages[0])
        try:
            utilisateur = invitations.accepter_par_identite(request.session[CLE_INVITATION], identite)
        except ValidationError as refus:
            return _refus(request, refus.messages[0])
        # L'invitation a servi : le retour prévu (la page du lien) ne mènerait plus qu'à son refus.
        request.session.pop(CLE_SUIVANT, None)
    except ConnexionRefusee as refus:
        return _refus(request, refus.messages[0])
    request.session.pop(CLE_INVITATION, None)
    suivant = request.session.pop(CLE_SUIVANT, None) or settings.LOGIN_REDIRECT_URL
    login(request, utilisateur, backend=MOTEUR)
    request.session[CLE_SESSION] = {"fournisseur": fournisseur, "id_token": jeton["id_token"]}
    return redirect(suivant)


@require_POST
def deconnexion(request: HttpRequest) -> HttpResponse:
    """Ferme la session de la plateforme, puis celle du fournisseur si la personne s'est connectée par lui."""
    connexion = request.session.get(CLE_SESSION)
    logout(request)
    if not connexion or connexion["fournisseur"] not in settings.OIDC_FOURNISSEURS:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    try:
        adresse = client(connexion["fournisseur"]).create_logout_url(
            post_logout_redirect_uri=request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL)),
            id_token_hint=connexion["id_token"],
        )["url"]
    except (RuntimeError, requests.RequestException):
        # Fournisseur injoignable ou sans déconnexion publiée : la session de la plateforme est fermée quand même.
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return redirect(adresse)


def _declarations_exigees(application: DjangoOAuth2App) -> dict[str, Any]:
    # Authlib ne contrôle l'audience que si on la lui demande : émetteur et audience sont donc exigés ici.
    return {
        "iss": {"essential": True, "value": application.load_server_metadata()["issuer"]},
        "aud": {"essential": True, "value": application.client_id},
    }


def _identite(application: DjangoOAuth2App, fournisseur: str, nom: str, jeton: dict[str, Any]) -> Identite:
    declarations = dict(jeton["userinfo"])  # le jeton d'identité, validé par Authlib
    if "email" not in declarations:
        informations = _informations_utilisateur(application, jeton)
        if informations.get("sub") != declarations["sub"]:
            raise ConnexionRefusee(f"{nom} a décrit une autre personne que celle authentifiée : connexion refusée.")
        declarations = {**informations, **declarations}
    return Identite(
        fournisseur=fournisseur,
        nom_fournisseur=nom,
        sujet=declarations["sub"],
        email=declarations.get("email", ""),
        email_verifie=adresse_certifiee(
            declarations.get("email_verified"), settings.OIDC_FOURNISSEURS[fournisseur]["email_verifie"]
        ),
    )


def _informations_utilisateur(application: DjangoOAuth2App, jeton: dict[str, Any]) -> dict[str, Any]:
    """Le point « userinfo » : JSON, ou JWT signé (ProConnect), vérifié par joserfc avec les clés du fournisseur."""
    metadonnees = application.load_server_metadata()
    reponse = application.get(metadonnees["userinfo_endpoint"], token=jeton)
    reponse.raise_for_status()
    if not reponse.headers.get("Content-Type", "").startswith("application/jwt"):
        return dict(reponse.json())
    cles = KeySet.import_key_set(application.fetch_jwk_set())
    informations = jwt.decode(reponse.text, cles)
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": metadonnees["issuer"]},
        aud={"essential": True, "value": application.client_id},
    ).validate(informations.claims)
    return dict(informations.claims)


def _message_du_fournisseur(nom: str, erreur: OAuthError) -> str:
    if erreur.error == "invalid_grant":
        return (
            f"{nom} a refusé ce code de connexion (déjà utilisé ou expiré) : recommencez depuis la page de connexion."
        )
    if erreur.error == "access_denied":
        return f"La connexion par {nom} a été annulée."
    return f"{nom} a refusé la connexion (« {erreur.error} ») : recommencez depuis la page de connexion."


def _mention(declaration: str) -> str:
    mentions = {
        "aud": "il n'est pas destiné à cette plateforme",
        "iss": "il ne vient pas du fournisseur attendu",
        "nonce": "il ne répond pas à cette demande de connexion",
    }
    return mentions.get(declaration, f"donnée « {declaration} »")


def _injoignable(fournisseur: str) -> str:
    return (
        f"{_configuration(fournisseur)['nom']} ne répond pas : réessayez dans quelques minutes, ou connectez-vous avec "
        "votre identifiant et votre mot de passe."
    )


def _refus(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    contexte = {"code": status, "titre": "Connexion refusée", "message": message}
    return render(request, "www/erreur.html", contexte, status=status)
