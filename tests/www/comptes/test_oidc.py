"""Connexion par ProConnect et Pro Santé Connect, contre un vrai fournisseur OpenID Connect sur la boucle locale."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from cpts.comptes import invitations
from cpts.comptes.models import IdentiteExterne, Utilisateur
from cpts.comptes.roles import Role
from tests import oidc_local
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("oidc")]


def demarrer(client: Client, fournisseur: str = "proconnect") -> str:
    reponse = client.get(f"/comptes/oidc/{fournisseur}/")
    assert reponse.status_code == 302
    return reponse["Location"]


def connexion(client: Client, identifiant: str, fournisseur: str = "proconnect") -> object:
    retour = oidc_local.se_faire_authentifier(demarrer(client, fournisseur), identifiant)
    return client.get(retour)


def assert_refus_sans_ecriture(client: Client, reponse: object, message: str) -> None:
    assert reponse.status_code == 403
    assert "Connexion refusée" in reponse.text
    assert message in reponse.text, reponse.text.split("message-erreur")[-1][:400]
    assert "_auth_user_id" not in client.session
    assert not IdentiteExterne.objects.exists()


def test_la_demande_de_connexion_porte_un_etat_un_nonce_et_un_defi_pkce(client: Client) -> None:
    parametres = parse_qs(urlsplit(demarrer(client)).query)
    assert parametres["response_type"] == ["code"]
    assert parametres["code_challenge_method"] == ["S256"]
    assert parametres["state"][0]
    assert parametres["nonce"][0]
    assert parametres["code_challenge"][0]


def test_un_agent_se_connecte_par_proconnect_et_son_compte_est_lie_par_son_adresse_verifiee(client: Client) -> None:
    agent = UtilisateurFactory(agent_ars_region=True, email="Camille.Durand@ars.sante.fr")
    reponse = connexion(client, "camille")
    assert reponse.status_code == 302
    assert reponse["Location"] == "/"
    assert client.session["_auth_user_id"] == str(agent.pk)
    lien = IdentiteExterne.objects.get()
    assert (lien.utilisateur, lien.fournisseur, lien.sujet) == (agent, "proconnect", "camille")


def test_un_professionnel_se_connecte_par_pro_sante_connect(client: Client) -> None:
    coordinateur = UtilisateurFactory(email="dominique.petit@exemple.fr")
    reponse = connexion(client, "dominique", fournisseur="prosanteconnect")
    assert reponse.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinateur.pk)
    assert IdentiteExterne.objects.get().fournisseur == "prosanteconnect"


def test_la_connexion_ramene_a_la_page_demandee(client: Client) -> None:
    UtilisateurFactory(email="camille.durand@ars.sante.fr")
    adresse = client.get("/comptes/oidc/proconnect/", {"next": "/comptes/jetons/"})["Location"]
    assert client.get(oidc_local.se_faire_authentifier(adresse, "camille"))["Location"] == "/comptes/jetons/"


def test_la_connexion_ne_ramene_jamais_vers_un_autre_site(client: Client) -> None:
    UtilisateurFactory(email="camille.durand@ars.sante.fr")
    adresse = client.get("/comptes/oidc/proconnect/", {"next": "https://ailleurs.exemple/"})["Location"]
    assert client.get(oidc_local.se_faire_authentifier(adresse, "camille"))["Location"] == "/"


def test_un_etat_falsifie_est_refuse(client: Client) -> None:
    UtilisateurFactory(email="camille.durand@ars.sante.fr")
    retour = oidc_local.se_faire_authentifier(demarrer(client), "camille")
    code = parse_qs(urlsplit(retour).query)["code"][0]
    reponse = client.get("/comptes/oidc/proconnect/retour/", {"code": code, "state": "etat-invente"})
    assert_refus_sans_ecriture(client, reponse, "n&#x27;est pas reconnue")


def test_un_code_rejoue_est_refuse(client: Client) -> None:
    UtilisateurFactory(email="camille.durand@ars.sante.fr")
    premier_retour = oidc_local.se_faire_authentifier(demarrer(client), "camille")
    assert client.get(premier_retour).status_code == 302
    IdentiteExterne.objects.all().delete()
    client.logout()
    # Une nouvelle demande (état valable), mais le code de la précédente : le fournisseur le refuse.
    etat = parse_qs(urlsplit(demarrer(client)).query)["state"][0]
    code = parse_qs(urlsplit(premier_retour).query)["code"][0]
    reponse = client.get("/comptes/oidc/proconnect/retour/", {"code": code, "state": etat})
    assert_refus_sans_ecriture(client, reponse, "déjà utilisé ou expiré")


def test_un_jeton_d_identite_expire_est_refuse(client: Client) -> None:
    UtilisateurFactory(email="sacha.expire@ars.sante.fr")
    assert_refus_sans_ecriture(client, connexion(client, "expire"), "a expiré")


def test_un_jeton_d_identite_destine_a_un_autre_client_est_refuse(client: Client) -> None:
    UtilisateurFactory(email="alex.audience@ars.sante.fr")
    assert_refus_sans_ecriture(client, connexion(client, "audience"), "n&#x27;est pas destiné à cette plateforme")


def test_un_jeton_d_identite_d_une_autre_demande_est_refuse_par_son_nonce(client: Client) -> None:
    UtilisateurFactory(email="lou.nonce@ars.sante.fr")
    assert_refus_sans_ecriture(client, connexion(client, "nonce"), "il ne répond pas à cette demande de connexion")


def test_un_jeton_d_identite_signe_par_une_autre_cle_est_refuse(client: Client) -> None:
    UtilisateurFactory(email="noa.signature@ars.sante.fr")
    assert_refus_sans_ecriture(client, connexion(client, "signature"), "illisible ou mal signé")


def test_une_adresse_inconnue_ne_cree_aucun_compte_et_n_ouvre_aucun_droit(client: Client) -> None:
    avant = Utilisateur.objects.count()
    reponse = connexion(client, "inconnu")
    assert_refus_sans_ecriture(client, reponse, "vous n&#x27;avez encore aucun droit")
    assert "Demandez une invitation" in reponse.text
    assert Utilisateur.objects.count() == avant


def test_une_adresse_non_verifiee_par_le_fournisseur_est_refusee(client: Client) -> None:
    UtilisateurFactory(email="claude.non.verifie@ars.sante.fr")
    reponse = connexion(client, "non-verifie")
    assert_refus_sans_ecriture(client, reponse, "n&#x27;a pas confirmé que l&#x27;adresse électronique")


def test_une_adresse_sans_declaration_de_verification_est_refusee_par_defaut(client: Client) -> None:
    UtilisateurFactory(email="eden.sans.declaration@ars.sante.fr")
    reponse = connexion(client, "sans-declaration")
    assert_refus_sans_ecriture(client, reponse, "n&#x27;a pas confirmé que l&#x27;adresse électronique")


def test_un_fournisseur_qui_garantit_ses_adresses_lie_le_compte_sans_declaration(
    client: Client, settings: object
) -> None:
    settings.OIDC_FOURNISSEURS["proconnect"]["email_verifie"] = "garanti"
    compte = UtilisateurFactory(agent_ars_region=True, email="eden.sans.declaration@ars.sante.fr")
    connexion(client, "sans-declaration")
    assert client.session["_auth_user_id"] == str(compte.pk)


def test_un_fournisseur_qui_garantit_ses_adresses_refuse_quand_meme_une_adresse_declaree_non_verifiee(
    client: Client, settings: object
) -> None:
    settings.OIDC_FOURNISSEURS["proconnect"]["email_verifie"] = "garanti"
    UtilisateurFactory(email="claude.non.verifie@ars.sante.fr")
    reponse = connexion(client, "non-verifie")
    assert_refus_sans_ecriture(client, reponse, "n&#x27;a pas confirmé que l&#x27;adresse électronique")


def test_la_deconnexion_se_termine_chez_le_fournisseur(client: Client, oidc: str) -> None:
    UtilisateurFactory(email="camille.durand@ars.sante.fr")
    connexion(client, "camille")
    reponse = client.post("/comptes/logout/")
    assert "_auth_user_id" not in client.session
    adresse = urlsplit(reponse["Location"])
    assert f"{adresse.scheme}://{adresse.netloc}{adresse.path}" == f"{oidc}/session/end"
    parametres = parse_qs(adresse.query)
    assert parametres["post_logout_redirect_uri"] == ["http://testserver/"]
    assert parametres["id_token_hint"][0]


def test_la_page_de_connexion_propose_les_fournisseurs_configures(client: Client) -> None:
    page = client.get("/comptes/login/").text
    assert 'href="/comptes/oidc/proconnect/"' in page
    assert "Pro Santé Connect" in page


def test_une_personne_invitee_sans_compte_l_ouvre_par_proconnect(client: Client) -> None:
    cpts = CptsFactory()
    agent = UtilisateurFactory(agent_ars_region=True)
    _, lien = invitations.inviter_coordinateur(agent, "personne.inconnue@ars.sante.fr", cpts)
    assert client.get(f"/comptes/invitation/{lien}/").status_code == 200
    assert connexion(client, "inconnu")["Location"] == "/"
    compte = Utilisateur.objects.get(email="personne.inconnue@ars.sante.fr")
    assert client.session["_auth_user_id"] == str(compte.pk)
    assert (compte.role, list(compte.cpts.all())) == (Role.COORDINATEUR, [cpts])
    assert not compte.has_usable_password()
    assert IdentiteExterne.objects.get().utilisateur == compte


def test_une_invitation_ne_s_accepte_pas_par_le_fournisseur_sous_une_autre_adresse(client: Client) -> None:
    agent = UtilisateurFactory(agent_ars_region=True)
    _, lien = invitations.inviter_coordinateur(agent, "quelqu.un@exemple.fr", CptsFactory())
    client.get(f"/comptes/invitation/{lien}/")
    avant = Utilisateur.objects.count()
    reponse = connexion(client, "inconnu")
    assert_refus_sans_ecriture(client, reponse, "adressée à quelqu.un@exemple.fr")
    assert Utilisateur.objects.count() == avant
