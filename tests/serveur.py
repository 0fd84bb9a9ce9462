"""Le serveur des tests de bout en bout (`live_server` de `tests/conftest.py`)."""

from collections.abc import Callable
from typing import Any

import time_machine
from django.utils.http import http_date


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
            date = http_date(time_machine.escape_hatch.time.time())
            return start_response(statut, [*entetes, ("Date", date)], *exception)

        return self.application(environ, commencer)
