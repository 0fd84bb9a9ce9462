"""Sans OpenID Connect configuré (le défaut), la connexion par mot de passe reste seule et rien d'autre n'apparaît."""

import pytest
from django.test import Client

from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_sans_configuration_la_page_de_connexion_n_a_pas_de_bouton_proconnect(client: Client) -> None:
    page = client.get("/comptes/login/").text
    assert "ProConnect" not in page
    assert "Se connecter" in page


def test_sans_configuration_la_connexion_par_un_fournisseur_est_introuvable(client: Client) -> None:
    assert client.get("/comptes/oidc/proconnect/").status_code == 404


def test_la_deconnexion_d_un_compte_local_ramene_a_l_accueil(client: Client) -> None:
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    reponse = client.post("/comptes/logout/")
    assert reponse["Location"] == "/"
    assert "_auth_user_id" not in client.session
