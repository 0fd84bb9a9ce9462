"""Dans Chromium : se connecter par ProConnect en passant par les pages du fournisseur, puis s'en déconnecter."""

import re

import pytest
from playwright.sync_api import expect

from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.navigateur import ouvrir_la_session

pytestmark = [
    pytest.mark.navigateur,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("communes", "oidc"),
]


def test_un_agent_se_connecte_par_proconnect_et_se_deconnecte_aussi_chez_le_fournisseur(
    page: object, live_server: object
) -> None:
    UtilisateurFactory(agent_ars_region=True, email="camille.durand@ars.sante.fr")
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_role("link", name="Se connecter avec ProConnect").click()
    page.get_by_label("Identifiant").fill("camille")
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace agent ARS")

    page.get_by_role("button", name="Se déconnecter").first.click()
    page.get_by_role("button", name="Se déconnecter du fournisseur").click()
    # Le fournisseur ramène à l'accueil de la plateforme, avec l'état de la demande de déconnexion.
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/(\?state=\w+)?$"))
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()


def test_une_personne_sans_compte_voit_en_francais_qu_elle_n_a_aucun_droit(page: object, live_server: object) -> None:
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_role("link", name="Se connecter avec ProConnect").click()
    page.get_by_label("Identifiant").fill("inconnu")
    # Le fournisseur renvoie vers la plateforme par des redirections : le titre attendu est celui de la dernière page.
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion refusée")
    expect(page.locator("#message-erreur")).to_contain_text("vous n'avez encore aucun droit")


def test_un_agent_ars_invite_un_coordinateur_qui_ouvre_son_compte_par_le_lien_recu(
    navigateur: object, page: object, live_server: object, smtp: object, travailleur: object
) -> None:
    UtilisateurFactory(agent_ars_region=True, username="agent")
    CptsFactory(nom="CPTS des Monts du Lyonnais")
    ouvrir_la_session(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/comptes/invitations/")
    page.get_by_role("link", name="Inviter un coordinateur de CPTS").click()
    page.get_by_label("Adresse électronique du coordinateur").fill("dominique@cpts.fr")
    page.get_by_label("CPTS").select_option(label="CPTS des Monts du Lyonnais")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.locator(".fr-alert, .fr-notice").first).to_contain_text("Invitation envoyée à dominique@cpts.fr.")

    travailleur.tour()
    (message,) = smtp.pour("dominique@cpts.fr")
    texte = message.get_body(preferencelist=("plain",)).get_content()
    lien = re.search(r"http://\S+/comptes/invitation/\S+/", texte).group(0)
    invite = navigateur.new_context(locale="fr-FR").new_page()
    invite.goto(lien)
    invite.get_by_label("Identifiant").fill("dominique")
    invite.locator("#id_mot_de_passe").fill("un-mot-de-passe-solide")
    invite.get_by_label("Confirmation du mot de passe").fill("un-mot-de-passe-solide")
    invite.get_by_role("button", name="Créer mon compte et accepter").click()
    invite.wait_for_url(f"{live_server.url}/")
    expect(invite.get_by_role("heading", level=1)).to_have_text("Mes CPTS")
    invite.context.close()
