"""Le menu principal, construit une fois par processus : il suit quand même le rôle de chaque requête."""

from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from cpts.comptes import jetons
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


def test_le_gabarit_de_base_ne_recalcule_pas_ses_adresses_a_chaque_page(rf: RequestFactory) -> None:
    requete = rf.get("/")
    requete.user = UtilisateurFactory(agent_ars_region=True)
    render_to_string("base.html", request=requete)
    with mock.patch("django.urls.reverse", wraps=reverse) as adresses_de_page:
        page = render_to_string("base.html", request=requete)
    assert adresses_de_page.call_count == 0
    assert f'href="{reverse("informations:accessibilite")}"' in page


@pytest.mark.usefixtures("communes")
def test_un_fragment_htmx_ne_calcule_ni_le_menu_ni_le_lien_des_jetons(client: Client) -> None:
    coordinateur = UtilisateurFactory(role=Role.COORDINATEUR)
    jetons.creer(coordinateur, "script")
    client.force_login(coordinateur)
    with mock.patch("cpts.www.context_processors.entrees", wraps=entrees) as menu:
        fragment = client.get(reverse("territoires:recherche"), {"q": "sai"}, HTTP_HX_REQUEST="true")
        assert fragment.status_code == 200
        assert menu.call_count == 0
        page = client.get(reverse("jetons")).text
        assert menu.call_count == 1
    # La page entière a toujours son menu et le lien des jetons (le coordinateur en a un actif).
    assert f'href="{reverse("jetons")}">Jetons d\'API' in " ".join(page.split())
    assert f'href="{reverse("territoires:composer")}"' in page
