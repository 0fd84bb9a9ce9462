"""Sans OpenID Connect configuré (le défaut), la connexion par mot de passe reste seule et rien d'autre n'apparaît.
Ses formulaires (connexion, mot de passe oublié, nouveau mot de passe) résument leurs erreurs comme les autres."""

import html
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

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


def _resume(reponse: object) -> str:
    contenu = html.unescape(reponse.content.decode())  # type: ignore[attr-defined]
    debut = contenu.index("data-resume-erreurs")
    return contenu[debut : contenu.index("</div>", debut)]


def _liens(resume: str) -> list[tuple[str, str]]:
    return [(cible, " ".join(texte.split())) for cible, texte in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', resume)]


def test_des_identifiants_refuses_donnent_un_resume_en_francais_qui_mene_aux_deux_champs(client: Client) -> None:
    utilisateur = UtilisateurFactory()
    reponse = client.post("/comptes/login/", {"username": utilisateur.username, "password": "pas-le-bon"})
    resume = _resume(reponse)
    assert "Connexion refusée" in resume
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in resume
    assert _liens(resume) == [
        ("id_username", "Nom d’utilisateur : à vérifier"),
        ("id_password", "Mot de passe : à vérifier"),
    ]
    assert 'id="id_username"' in reponse.text
    assert 'id="id_password"' in reponse.text
    assert "_auth_user_id" not in client.session


def test_un_mot_de_passe_oublie_dans_la_connexion_est_redit_dans_le_resume(client: Client) -> None:
    reponse = client.post("/comptes/login/", {"username": "quelqu-un", "password": ""})
    assert _liens(_resume(reponse)) == [("id_password", "Mot de passe : Ce champ est obligatoire.")]


def test_une_adresse_invalide_du_mot_de_passe_oublie_est_redite_dans_le_resume(client: Client) -> None:
    resume = _resume(client.post(reverse("password_reset"), {"email": "pas-une-adresse"}))
    assert "Aucun lien n'est envoyé" in resume
    assert _liens(resume) == [("id_email", "Courriel : Saisissez une adresse de courriel valide.")]


def test_deux_nouveaux_mots_de_passe_differents_sont_redits_dans_le_resume(client: Client) -> None:
    utilisateur = UtilisateurFactory()
    lien = reverse(
        "password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(utilisateur.pk)), default_token_generator.make_token(utilisateur)],
    )
    formulaire = client.get(lien, follow=True).redirect_chain[-1][0]
    donnees = {"new_password1": "Un-mot-de-passe-neuf-1", "new_password2": "Un-autre-mot-de-passe-2"}
    resume = _resume(client.post(formulaire, donnees))
    assert "Rien n'est enregistré : 1 point à corriger" in resume
    assert _liens(resume) == [
        ("id_new_password2", "Confirmation du nouveau mot de passe : Les deux mots de passe ne correspondent pas.")
    ]
