"""Pages des invitations : de l'envoi par un agent ARS à l'ouverture du compte par le lien reçu par courriel."""

import re

import pytest
from django.core import mail
from django.test import Client

from cpts.comptes.models import Invitation, Utilisateur
from cpts.comptes.roles import Role
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.django_db


def lien_recu() -> str:
    (message,) = mail.outbox
    return re.search(r"http://testserver(/comptes/invitation/\S+/)", message.body).group(1)


def test_de_l_invitation_d_un_agent_ars_au_compte_du_coordinateur(client: Client) -> None:
    cpts = CptsFactory(nom="CPTS des Monts du Lyonnais")
    client.force_login(UtilisateurFactory(agent_ars_region=True, first_name="Camille", last_name="Durand"))
    reponse = client.post("/comptes/invitations/coordinateur/", {"email": "dominique@cpts.fr", "cpts": cpts.pk})
    assert reponse["Location"] == "/comptes/invitations/"
    assert mail.outbox[0].to == ["dominique@cpts.fr"]
    assert "Camille Durand vous invite sur Pilotage CPTS comme coordinateur de cpts" in mail.outbox[0].body

    invite = Client()
    lien = lien_recu()
    assert "CPTS des Monts du Lyonnais" in invite.get(lien).text
    donnees = {
        "identifiant": "dominique",
        "mot_de_passe": "un-mot-de-passe-solide",
        "confirmation": "un-mot-de-passe-solide",
    }
    assert invite.post(lien, donnees)["Location"] == "/"
    compte = Utilisateur.objects.get(username="dominique")
    assert invite.session["_auth_user_id"] == str(compte.pk)
    assert (compte.role, list(compte.cpts.all())) == (Role.COORDINATEUR, [cpts])
    reponse = invite.get(lien)
    assert "Invitation refusée" in reponse.text
    assert "déjà servi" in reponse.text


def test_une_cpts_hors_du_perimetre_est_refusee_sans_rien_ecrire(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    autre = CptsFactory(hors_region=True)
    reponse = client.post("/comptes/invitations/coordinateur/", {"email": "dominique@cpts.fr", "cpts": autre.pk})
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.text
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_un_lien_falsifie_est_refuse_en_francais(client: Client) -> None:
    reponse = client.get("/comptes/invitation/un-lien:invente:de-toutes-pieces/")
    assert "Invitation refusée" in reponse.text
    assert "modifié ou mal copié" in reponse.text
    assert client.post("/comptes/invitation/un-lien:invente:de-toutes-pieces/").status_code == 400


def test_un_coordinateur_ne_peut_pas_inviter(client: Client) -> None:
    client.force_login(UtilisateurFactory(cpts=[CptsFactory()]))
    assert client.get("/comptes/invitations/coordinateur/").status_code == 403
    assert "Votre rôle ne permet pas d'inviter." in client.get("/comptes/invitations/").text


def test_un_compte_connecte_accepte_l_invitation_a_son_adresse(client: Client) -> None:
    compte = UtilisateurFactory(role="", email="dominique@cpts.fr")
    cpts = CptsFactory()
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    client.post("/comptes/invitations/coordinateur/", {"email": "dominique@cpts.fr", "cpts": cpts.pk})
    client.force_login(compte)
    assert client.post(lien_recu())["Location"] == "/"
    compte.refresh_from_db()
    assert compte.role == Role.COORDINATEUR
