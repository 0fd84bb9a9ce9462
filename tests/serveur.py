"""Le serveur des tests de bout en bout (`live_server` de `tests/conftest.py`)."""

import time
from collections.abc import Callable
from typing import Any

import time_machine
from django.utils.http import http_date


def heure_vraie() -> float:
    """L'heure de Chromium, que le test voyage dans le temps (`horloge`) ou non (tests de la connexion par OpenID
    Connect, dont le fournisseur vit à l'heure vraie) ; le test peut cesser de voyager à tout instant."""
    try:
        return time_machine.escape_hatch.time.time()
    except ValueError:  # « Not currently time-travelling »
        return time.time()


class ReponsesDeLHeureVraie:
    """L'application, ses réponses datées de l'heure vraie, celle de Chromium.

    L'heure des tests (`INSTANT_DES_TESTS`, fixe) les daterait du passé de Chromium, qui jugeait alors chaque fichier
    statique périmé dès reçu : il les redemandait tous (une vingtaine) à chaque page, au serveur Python du test, et
    le chargement d'une page en prenait deux fois plus. Datés de l'heure vraie, ils sont gardés comme en production :
    les fichiers statiques passent par whitenoise, avec ses en-têtes de cache, au lieu du serveur de fichiers de
    pytest-django, qui n'en met aucun."""

    def __init__(self, application: Callable[..., Any]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def commencer(statut: str, entetes: list[tuple[str, str]], *exception: Any) -> Any:
            return start_response(statut, [*entetes, ("Date", http_date(heure_vraie()))], *exception)

        return self.application(environ, commencer)
