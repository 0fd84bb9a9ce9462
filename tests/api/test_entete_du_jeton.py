import pytest
from django.test import Client

from cpts.comptes import jetons
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clair() -> str:
    return jetons.creer(UtilisateurFactory(), "en-tête")[1]


@pytest.mark.parametrize("schema", ["Bearer", "bearer", "BEARER"])
def test_le_schema_bearer_s_ecrit_sans_tenir_compte_de_la_casse(clair: str, schema: str) -> None:
    assert Client(HTTP_AUTHORIZATION=f"{schema} {clair}").get("/api/v1/cpts").status_code == 200


@pytest.mark.parametrize("entete", ["Basic {clair}", "{clair}", "Bearer", "Bearer  {clair}", ""])
def test_un_en_tete_sans_le_schema_bearer_suivi_du_jeton_est_refuse_en_401(clair: str, entete: str) -> None:
    reponse = Client(HTTP_AUTHORIZATION=entete.format(clair=clair)).get("/api/v1/cpts")
    assert (reponse.status_code, reponse.json()["code"]) == (401, "non_authentifie")
