"""Le menu principal, construit une fois par processus : il suit quand même le rôle de chaque requête."""

import pytest
from django.test import Client
from django.urls import reverse

from cpts.comptes.roles import Role
from cpts.www.context_processors import entrees
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

PORTEFEUILLE = f'href="{reverse("portefeuille:accueil")}"'


def test_le_menu_suit_un_changement_de_role_des_la_page_suivante(client: Client) -> None:
    agent = UtilisateurFactory(agent_ars_region=True)
    client.force_login(agent)
    assert PORTEFEUILLE in client.get(reverse("jetons")).text
    agent.role = Role.LECTEUR_NATIONAL
    agent.region = ""
    agent.save()
    assert PORTEFEUILLE not in client.get(reverse("jetons")).text


def test_les_adresses_du_menu_sont_construites_une_fois_par_processus() -> None:
    entrees.cache_clear()
    premier = entrees(True, False)
    assert entrees(True, False) is premier
    assert entrees.cache_info().misses == 1


def test_l_entree_de_la_page_ouverte_est_marquee_courante(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    page = " ".join(client.get(reverse("portefeuille:accueil")).text.split())
    assert f'{PORTEFEUILLE} aria-current="page">Portefeuille' in page
