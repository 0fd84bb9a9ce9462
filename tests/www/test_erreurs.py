"""Une seule politique d'erreur : JSON `{code, message, details}` en français sous /api/, page DSFR ailleurs, quel
que soit l'endroit où l'erreur naît."""

import pytest
from django.test import Client, RequestFactory

from cpts import bornes
from cpts.www import erreurs

pytestmark = pytest.mark.django_db


def test_une_erreur_serveur_sous_l_api_hors_d_une_operation_repond_en_json() -> None:
    reponse = erreurs.erreur_serveur(RequestFactory().get("/api/v1/cpts"))
    assert reponse.status_code == 500
    assert reponse["Content-Type"] == "application/json"
    assert reponse.content.decode().startswith('{"code": "erreur_serveur", "message": "Erreur inattendue')


def test_la_page_d_erreur_serveur_est_en_francais_sans_dependre_de_la_requete() -> None:
    reponse = erreurs.erreur_serveur(RequestFactory().get("/cpts/"))
    assert reponse.status_code == 500
    assert "Une erreur est survenue de notre côté" in reponse.content.decode()


def test_un_corps_annonce_trop_gros_est_refuse_sur_son_en_tete_sans_etre_lu() -> None:
    # Le corps réel est vide : le lire au-delà lèverait une erreur du client de test.
    reponse = Client().generic(
        "POST", "/comptes/login/", b"", content_type="application/x-www-form-urlencoded", CONTENT_LENGTH="52428800"
    )
    assert reponse.status_code == 413
    assert bornes.MESSAGE_TROP_VOLUMINEUX.replace("'", "&#x27;") in reponse.content.decode()


def test_un_envoi_refuse_propose_le_retour_au_formulaire_qui_garde_la_saisie() -> None:
    reponse = Client().post(
        "/comptes/login/", {"username": "a\x00"}, headers={"Referer": "http://testserver/comptes/login/"}
    )
    contenu = " ".join(reponse.content.decode().split())
    assert reponse.status_code == 400
    assert 'href="http://testserver/comptes/login/" data-retour id="retour-formulaire">Revenir au formulaire' in contenu
    assert "Votre saisie n'est pas perdue" in contenu


def test_une_page_d_envoi_seul_demandee_en_lecture_repond_405_en_francais() -> None:
    reponse = Client().get("/comptes/logout/")
    assert reponse.status_code == 405
    assert "Action non permise" in reponse.content.decode()
    assert reponse["Allow"] == "POST"
