import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cpts.www.erreurs import erreur_serveur
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.django_db


def test_la_page_d_accueil_publique_propose_de_se_connecter(client: Client) -> None:
    reponse = client.get("/")
    assert "Se connecter" in reponse.content.decode()


def test_la_sonde_de_sante_repond_ok_sans_connexion_ni_requete_sql(
    client: Client, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(0):
        reponse = client.get("/sante/")
    assert reponse.status_code == 200
    assert reponse.content == b"ok"


def test_une_page_inconnue_repond_404_en_francais(client: Client) -> None:
    reponse = client.get("/nulle-part/")
    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.content.decode()


def test_l_erreur_serveur_s_affiche_en_francais_sans_la_base(rf: object) -> None:
    reponse = erreur_serveur(rf.get("/"))
    assert reponse.status_code == 500
    assert "Erreur inattendue" in reponse.content.decode()


def test_un_coordinateur_recoit_un_404_en_francais_sur_une_autre_cpts(client: Client) -> None:
    client.force_login(UtilisateurFactory(cpts=[CptsFactory()]))
    autre = CptsFactory()
    reponse = client.get(reverse("dossiers:detail", args=[autre.pk]))
    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.content.decode()
    assert autre.nom not in reponse.content.decode()


def test_les_pages_des_cpts_demandent_une_connexion(client: Client) -> None:
    reponse = client.get(reverse("dossiers:liste"))
    assert reponse.status_code == 302
    assert reponse.url.startswith(reverse("login"))


def test_la_fiche_d_une_cpts_montre_qui_l_a_modifiee(client: Client) -> None:
    agent = UtilisateurFactory(agent_ars_region=True, first_name="Bruno", last_name="Agent")
    cpts = CptsFactory(nom="Monts du Lyonnais")
    cpts._history_user = agent
    cpts.nom = "Monts du Lyonnais et Coteaux"
    cpts.save()
    client.force_login(agent)
    contenu = client.get(reverse("dossiers:detail", args=[cpts.pk])).content.decode()
    assert "Bruno Agent" in contenu
    assert "« Monts du Lyonnais » → « Monts du Lyonnais et Coteaux »" in contenu


def test_la_liste_ne_montre_que_les_cpts_du_perimetre(client: Client) -> None:
    CptsFactory(nom="CPTS du Rhône")
    CptsFactory(nom="CPTS nantaise", hors_region=True)
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = client.get(reverse("dossiers:liste")).content.decode()
    assert "CPTS du Rhône" in contenu
    assert "CPTS nantaise" not in contenu


def test_la_connexion_refuse_un_mauvais_mot_de_passe_en_francais(client: Client) -> None:
    UtilisateurFactory(username="camille")
    reponse = client.post(reverse("login"), {"username": "camille", "password": "faux"})
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in reponse.content.decode()


def test_le_mot_de_passe_oublie_envoie_un_lien_qui_permet_d_en_choisir_un_nouveau(client: Client) -> None:
    # Les demandes des tests précédents du processus (même poste, 127.0.0.1, même instant figé) comptent dans la
    # limite par poste (`cpts.comptes.limites`, cache en mémoire) : on part de compteurs vides.
    cache.clear()
    utilisateur = UtilisateurFactory(email="camille@exemple.fr")
    client.post(reverse("password_reset"), {"email": "camille@exemple.fr"})
    assert len(mail.outbox) == 1
    lien = next(ligne for ligne in mail.outbox[0].body.splitlines() if "/comptes/reset/" in ligne)
    formulaire = client.get(lien.replace("http://testserver", ""), follow=True)
    client.post(
        formulaire.redirect_chain[-1][0],
        {
            "new_password1": "un-nouveau-mot-de-passe-solide",
            "new_password2": "un-nouveau-mot-de-passe-solide",
        },
    )
    utilisateur.refresh_from_db()
    assert utilisateur.check_password("un-nouveau-mot-de-passe-solide")


def test_la_deconnexion_ramene_a_l_accueil_public(client: Client) -> None:
    client.force_login(UtilisateurFactory())
    reponse = client.post(reverse("logout"), follow=True)
    assert "Se connecter" in reponse.content.decode()


def test_le_changement_de_mot_de_passe_se_fait_dans_une_page_de_la_plateforme(client: Client) -> None:
    utilisateur = UtilisateurFactory(password="ancien-mot-de-passe")
    client.force_login(utilisateur)
    assert "Changer de mot de passe" in client.get(reverse("password_change")).content.decode()
    reponse = client.post(
        reverse("password_change"),
        {
            "old_password": "ancien-mot-de-passe",
            "new_password1": "nouveau-mot-de-passe-solide",
            "new_password2": "nouveau-mot-de-passe-solide",
        },
        follow=True,
    )
    assert "Votre nouveau mot de passe est enregistré" in reponse.content.decode()
    utilisateur.refresh_from_db()
    assert utilisateur.check_password("nouveau-mot-de-passe-solide")
