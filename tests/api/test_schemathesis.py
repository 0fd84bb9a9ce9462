"""L'API face à des entrées générées depuis sa description OpenAPI : jamais d'erreur 5xx."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from cpts.comptes import jetons
from cpts.wsgi import application
from tests.comptes.factories import UtilisateurFactory
from tests.territoires.factories import TerritoireFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def connexion_gardee() -> Iterator[None]:
    """Comme le client de test de Django : la requête ne ferme pas la connexion de la transaction du test.

    Sans cela, sur PostgreSQL, la fin de chaque requête WSGI fermerait la connexion ouverte par le test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def entete(communes: None) -> dict[str, str]:
    TerritoireFactory(communes=["69266"])
    _, clair = jetons.creer(UtilisateurFactory(administrateur=True), "schemathesis")
    return {"Authorization": f"Bearer {clair}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_aucune_entree_generee_ne_provoque_d_erreur_serveur(
    case: object, entete: dict[str, str], connexion_gardee: None
) -> None:
    case.call_and_validate(headers=entete, checks=[not_a_server_error])
