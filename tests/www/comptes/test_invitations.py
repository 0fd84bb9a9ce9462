"""Pages des invitations : de l'envoi par un agent ARS à l'ouverture du compte par le lien reçu par courriel."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpts.comptes import invitations
from cpts.comptes.models import Invitation, Utilisateur
from cpts.comptes.roles import Role
from cpts.notifications.enums import StatutCourriel, TypeCourriel
from cpts.notifications.models import Courriel
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.django_db


def texte(message: object) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def lien_recu(smtp: object, travailleur: object) -> str:
    """Le travailleur envoie la file au vrai serveur SMTP ; le lien se lit dans le message reçu."""
    travailleur.tour()
    (message,) = smtp.recus
    return re.search(r"http://testserver(/comptes/invitation/\S+/)", texte(message)).group(1)


def test_de_l_invitation_d_un_agent_ars_au_compte_du_coordinateur(
    client: Client, smtp: object, travailleur: object
) -> None:
    cpts = CptsFactory(nom="CPTS des Monts du Lyonnais")
    client.force_login(UtilisateurFactory(agent_ars_region=True, first_name="Camille", last_name="Durand"))
    reponse = client.post("/comptes/invitations/coordinateur/", {"email": "dominique@cpts.fr", "cpts": cpts.pk})
    assert reponse["Location"] == "/comptes/invitations/"
    lien = lien_recu(smtp, travailleur)
    (message,) = smtp.recus
    assert message["To"] == "dominique@cpts.fr"
    assert "Camille Durand vous invite sur Pilotage CPTS comme coordinateur de cpts" in texte(message)

    invite = Client()
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
    assert not Courriel.objects.exists()


def test_un_lien_falsifie_est_refuse_en_francais(client: Client) -> None:
    reponse = client.get("/comptes/invitation/un-lien:invente:de-toutes-pieces/")
    assert "Invitation refusée" in reponse.text
    assert "modifié ou mal copié" in reponse.text
    assert client.post("/comptes/invitation/un-lien:invente:de-toutes-pieces/").status_code == 400


def test_un_coordinateur_ne_peut_pas_inviter(client: Client) -> None:
    client.force_login(UtilisateurFactory(cpts=[CptsFactory()]))
    assert client.get("/comptes/invitations/coordinateur/").status_code == 403
    assert "Votre rôle ne permet pas d'inviter." in client.get("/comptes/invitations/").text


def test_un_compte_connecte_accepte_l_invitation_a_son_adresse(
    client: Client, smtp: object, travailleur: object
) -> None:
    compte = UtilisateurFactory(role="", email="dominique@cpts.fr")
    cpts = CptsFactory()
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    client.post("/comptes/invitations/coordinateur/", {"email": "dominique@cpts.fr", "cpts": cpts.pk})
    client.force_login(compte)
    assert client.post(lien_recu(smtp, travailleur))["Location"] == "/"
    compte.refresh_from_db()
    assert compte.role == Role.COORDINATEUR


def test_le_courriel_d_invitation_passe_par_la_file_et_son_envoi_se_lit_dans_la_liste_des_invitations(
    client: Client, smtp: object, travailleur: object
) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    client.post("/comptes/invitations/coordinateur/", {"email": "dominique@cpts.fr", "cpts": CptsFactory().pk})
    courriel = Courriel.objects.get()
    assert (courriel.type, courriel.statut, smtp.recus) == (TypeCourriel.INVITATION, StatutCourriel.A_ENVOYER, [])
    travailleur.tour()
    (message,) = smtp.recus
    assert message["List-Unsubscribe"] is None
    assert "Accepter l'invitation" in message.get_body(preferencelist=("html",)).get_content()
    courriel.refresh_from_db()
    envoye_le = f"{timezone.localtime(courriel.envoye_le):%d/%m/%Y %H:%M}"
    assert f"Envoyé le {envoye_le}" in " ".join(client.get("/comptes/invitations/").text.split())


def test_un_echec_d_envoi_de_l_invitation_est_montre_a_celui_qui_invite(
    client: Client, smtp: object, travailleur: object
) -> None:
    smtp.arreter()
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    client.post("/comptes/invitations/coordinateur/", {"email": "dominique@cpts.fr", "cpts": CptsFactory().pk})
    travailleur.tour()
    assert Invitation.objects.get().email == "dominique@cpts.fr"
    essai = f"{timezone.localtime(Courriel.objects.get().prochain_essai):%d/%m/%Y %H:%M}"
    page = " ".join(client.get("/comptes/invitations/").text.split())
    assert f"Échec, nouvel essai prévu (nouvel essai le {essai})" in page


def test_le_compte_cree_par_l_invitation_resume_ses_erreurs_en_tete(client: Client) -> None:
    _, jeton = invitations.inviter_agent(
        UtilisateurFactory(administrateur=True), "agent@ars.sante.fr", Role.AGENT_ARS, region="84"
    )
    donnees = {"identifiant": "agent", "mot_de_passe": "un-mot-de-passe-solide", "confirmation": "un-autre-mot"}
    contenu = html.unescape(client.post(reverse("accepter_invitation", args=[jeton]), donnees).content.decode())
    debut = contenu.index("data-resume-erreurs")
    resume = contenu[debut : contenu.index("</div>", debut)]
    assert "Rien n'est enregistré : 1 point à corriger" in resume
    assert "Les deux mots de passe ne sont pas identiques." in resume
    assert not Utilisateur.objects.filter(username="agent").exists()
