"""Les accès du banc au serveur mesuré : une session ouverte pour le lecteur national et un jeton d'API.

La session est écrite directement en base (le serveur partage la clé secrète du banc) : aucun formulaire de
connexion dans les mesures, et aucun mot de passe à connaître.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from cpts.comptes import jetons
from cpts.comptes.authentification import MOTEUR
from cpts.comptes.models import Utilisateur

NOM_JETON = "banc d'essai"


@dataclass(frozen=True)
class Acces:
    cle_session: str
    csrf: str
    jeton: str

    @property
    def entetes(self) -> dict[str, str]:
        """Cookies de session et CSRF ; le jeton CSRF repris en en-tête, comme le fait htmx."""
        return {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={self.cle_session}; {settings.CSRF_COOKIE_NAME}={self.csrf}",
            "X-CSRFToken": self.csrf,
        }

    @property
    def entetes_api(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.jeton}"}


def ouvrir_session(utilisateur: Utilisateur, donnees: Mapping[str, object] | None = None) -> str:
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(utilisateur.pk)
    session[BACKEND_SESSION_KEY] = MOTEUR
    session[HASH_SESSION_KEY] = utilisateur.get_session_auth_hash()
    for cle, valeur in (donnees or {}).items():
        session[cle] = valeur
    session.create()
    return session.session_key


def preparer(utilisateur: Utilisateur, donnees: Mapping[str, object] | None = None) -> Acces:
    # Les jetons des exécutions précédentes s'effacent : la page de référence (la liste des jetons) garde la même
    # taille d'une exécution à l'autre.
    utilisateur.jetons.filter(nom=NOM_JETON).delete()
    _, jeton = jetons.creer(utilisateur, NOM_JETON, duree=timedelta(days=1))
    # Un secret CSRF de 32 caractères alphanumériques : Django l'accepte tel quel, en cookie et en en-tête.
    return Acces(ouvrir_session(utilisateur, donnees), secrets.token_hex(16), jeton)
