import pytest
from django.core.exceptions import ValidationError

from tests.comptes.factories import UtilisateurFactory


@pytest.mark.django_db
def test_un_agent_doit_avoir_un_perimetre() -> None:
    agent = UtilisateurFactory.build(role="agent_cpam", region="", departements=[])
    with pytest.raises(ValidationError, match="périmètre"):
        agent.clean()


@pytest.mark.django_db
def test_un_agent_ne_peut_avoir_a_la_fois_une_region_et_des_departements() -> None:
    agent = UtilisateurFactory.build(role="agent_ars", region="84", departements=["69"])
    with pytest.raises(ValidationError, match="un seul périmètre"):
        agent.clean()


@pytest.mark.django_db
def test_un_membre_de_cpr_doit_avoir_une_region() -> None:
    membre = UtilisateurFactory.build(role="membre_cpr", region="")
    with pytest.raises(ValidationError, match="région"):
        membre.clean()
