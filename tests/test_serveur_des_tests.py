"""Le serveur des tests de bout en bout sert Chromium comme la production : les fichiers statiques d'une page sont
gardés pour la suivante (`tests/serveur.py`)."""

import pytest
from django.core.signals import request_started

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_la_page_suivante_ne_redemande_aucun_fichier_statique_au_serveur(page: object, live_server: object) -> None:
    page.goto(f"{live_server.url}/accessibilite/")
    demandes: list[str] = []

    def noter(sender: object, environ: dict, **kwargs: object) -> None:
        demandes.append(environ["PATH_INFO"])

    request_started.connect(noter)
    try:
        page.goto(f"{live_server.url}/mentions-legales/")
    finally:
        request_started.disconnect(noter)
    # L'icône du site, que Chromium demande à part, après le chargement, peut arriver pendant la page suivante.
    assert [demande for demande in demandes if not demande.endswith("/favicon.ico")] == ["/mentions-legales/"]
