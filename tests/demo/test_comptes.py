"""Les comptes de démonstration : chacun s'ouvre avec le mot de passe public du README, haché une fois pour tous."""

import pytest

from cpts.comptes.models import Utilisateur
from cpts.demo.comptes import COMPTES, MOT_DE_PASSE_DEMO, creer_comptes

pytestmark = pytest.mark.django_db


def test_chaque_compte_cree_s_ouvre_avec_le_mot_de_passe_de_demonstration() -> None:
    assert creer_comptes() == len(COMPTES)
    comptes = Utilisateur.objects.filter(username__in=[compte.identifiant for compte in COMPTES])
    assert [compte.check_password(MOT_DE_PASSE_DEMO) for compte in comptes] == [True] * len(COMPTES)


def test_un_compte_existant_garde_son_mot_de_passe() -> None:
    creer_comptes()
    agent = Utilisateur.objects.get(username="agent.ars")
    agent.set_password("change-par-l-agent")
    agent.save()
    assert creer_comptes() == 0
    agent.refresh_from_db()
    assert agent.check_password("change-par-l-agent")
