"""L'API face à des entrées générées depuis sa description OpenAPI : jamais d'erreur 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from cpts.comptes import jetons
from cpts.wsgi import application
from tests.comptes.factories import UtilisateurFactory
from tests.territoires.factories import TerritoireFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def entete(communes: None) -> dict[str, str]:
    TerritoireFactory(communes=["69266"])
    _, clair = jetons.creer(UtilisateurFactory(administrateur=True), "schemathesis")
    return {"Authorization": f"Bearer {clair}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_aucune_entree_generee_ne_provoque_d_erreur_serveur(case: object, entete: dict[str, str]) -> None:
    case.call_and_validate(headers=entete, checks=[not_a_server_error])
