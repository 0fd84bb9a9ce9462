"""Les pages que les agents ouvrent chaque jour coûtent le même nombre de requêtes SQL pour un contrat ou pour
plusieurs : aucune requête par ligne affichée (le banc d'essai mesure leur durée à l'échelle nationale)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory

pytestmark = pytest.mark.django_db

PAGES = ["accueil", "contrats:liste", "contrats:alertes", "contrats:versements"]


def requetes(client: Client, chemin: str) -> int:
    client.get(chemin)  # premier affichage : caches de processus (référentiel, menu)
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(chemin).status_code == 200
    return len(contexte)


@pytest.mark.parametrize("page", PAGES)
def test_une_page_du_quotidien_coute_autant_de_requetes_pour_un_ou_quatre_contrats(client: Client, page: str) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    chemin = reverse(page)
    ContratFactory()
    un = requetes(client, chemin)
    ContratFactory.create_batch(3)
    assert requetes(client, chemin) == un
