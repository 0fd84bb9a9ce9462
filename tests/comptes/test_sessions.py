"""Sessions et jetons : un mot de passe réinitialisé ou un compte désactivé révoque les jetons d'API ; les demandes
de réinitialisation sont limitées ; une réponse à un utilisateur connecté ne se garde dans aucun cache."""

import re
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from cpts.comptes import jetons
from cpts.comptes.models import JetonApi, Utilisateur
from cpts.comptes.sessions import SessionStore
from cpts.www.cache import pas_de_cache_pour_un_utilisateur_connecte
from tests.compilateur import compter_les_compilations
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_vide() -> None:
    cache.clear()


def test_un_mot_de_passe_reinitialise_revoque_les_jetons(client: Client) -> None:
    utilisateur = UtilisateurFactory(email="camille@exemple.fr")
    _, clair = jetons.creer(utilisateur, "script")
    client.post(reverse("password_reset"), {"email": "camille@exemple.fr"})
    lien = re.search(r"/comptes/reset/[^/]+/[^/]+/", mail.outbox[0].body).group(0)
    formulaire = client.get(lien, follow=True).redirect_chain[-1][0]
    nouveau = "un-nouveau-mot-de-passe-solide-2026"
    client.post(formulaire, {"new_password1": nouveau, "new_password2": nouveau})
    utilisateur.refresh_from_db()
    assert utilisateur.check_password(nouveau)
    assert jetons.authentifier(clair) is None
    assert JetonApi.objects.get(utilisateur=utilisateur).revoque_le is not None


def test_un_compte_desactive_perd_ses_jetons_meme_reactive() -> None:
    utilisateur = UtilisateurFactory()
    _, clair = jetons.creer(utilisateur, "script")
    utilisateur.is_active = False
    utilisateur.save()
    utilisateur.is_active = True
    utilisateur.save()
    assert jetons.authentifier(clair) is None


def test_un_enregistrement_ordinaire_du_compte_garde_ses_jetons() -> None:
    utilisateur = UtilisateurFactory()
    _, clair = jetons.creer(utilisateur, "script")
    utilisateur.first_name = "Dominique"
    utilisateur.save()
    assert jetons.authentifier(clair) == utilisateur


def test_un_jeton_expire_par_defaut_apres_quatre_vingt_dix_jours_et_note_son_dernier_usage() -> None:
    jeton, clair = jetons.creer(UtilisateurFactory(), "script")
    assert jeton.expire_le - jeton.cree_le == pytest.approx(timedelta(days=90), abs=timedelta(seconds=5))
    avant = timezone.now()
    jetons.authentifier(clair)
    jeton.refresh_from_db()
    assert jeton.dernier_usage >= avant


def test_les_demandes_de_reinitialisation_sont_limitees_par_adresse(client: Client) -> None:
    UtilisateurFactory(email="camille@exemple.fr")
    for _ in range(3):
        assert client.post(reverse("password_reset"), {"email": "camille@exemple.fr"}).status_code == 302
    reponse = client.post(reverse("password_reset"), {"email": "Camille@exemple.fr"})
    assert reponse.status_code == 429
    assert "Trop de demandes de réinitialisation" in reponse.content.decode()
    assert len(mail.outbox) == 3


def test_les_demandes_de_reinitialisation_sont_limitees_par_poste(client: Client) -> None:
    for numero in range(10):
        client.post(reverse("password_reset"), {"email": f"inconnu{numero}@exemple.fr"})
    reponse = client.post(reverse("password_reset"), {"email": "encore@exemple.fr"})
    assert reponse.status_code == 429
    assert "Trop de demandes de réinitialisation" in reponse.content.decode()
    autre_poste = Client(REMOTE_ADDR="192.0.2.7")
    assert autre_poste.post(reverse("password_reset"), {"email": "encore@exemple.fr"}).status_code == 302


def test_une_page_d_un_utilisateur_connecte_ne_se_garde_dans_aucun_cache(client: Client) -> None:
    client.force_login(UtilisateurFactory())
    entete = client.get(reverse("jetons"))["Cache-Control"]
    assert "no-store" in entete
    assert "private" in entete


def test_une_reponse_de_l_api_par_jeton_ne_se_garde_dans_aucun_cache() -> None:
    _, clair = jetons.creer(UtilisateurFactory(), "script")
    reponse = Client().get("/api/v1/cpts", HTTP_AUTHORIZATION=f"Bearer {clair}")
    assert reponse.status_code == 200
    assert "no-store" in reponse["Cache-Control"]


def test_une_page_publique_anonyme_reste_cachable(client: Client) -> None:
    assert "no-store" not in client.get(reverse("sante")).get("Cache-Control", "")


def test_la_sonde_de_sante_ne_charge_pas_la_session_d_un_utilisateur_connecte(
    client: Client, django_assert_num_queries: object
) -> None:
    client.force_login(UtilisateurFactory())
    with django_assert_num_queries(0):
        assert client.get(reverse("sante")).status_code == 200


def test_session_utilisateur_et_jetons_de_la_plus_petite_page_se_lisent_sans_recompiler_leurs_requetes(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    utilisateur = UtilisateurFactory()
    jetons.creer(utilisateur, "script")
    client.force_login(utilisateur)
    client.get(reverse("jetons"))
    compilations = compter_les_compilations(monkeypatch)
    page = client.get(reverse("jetons"))
    assert page.status_code == 200
    assert "script" in page.text
    # La liste des jetons, la requête propre à la page, est préparée elle aussi.
    assert compilations == []


def test_un_appel_a_l_api_lit_son_jeton_sans_recompiler_sa_requete(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, clair = jetons.creer(UtilisateurFactory(), "script")
    assert jetons.authentifier(clair) is not None
    compilations = compter_les_compilations(monkeypatch)
    assert jetons.authentifier(clair) is not None
    assert compilations == []


def test_une_session_supprimee_ou_expiree_n_ouvre_plus_aucune_page(client: Client, horloge: Any) -> None:
    client.force_login(UtilisateurFactory())
    assert client.get(reverse("jetons")).status_code == 200
    horloge.shift(timedelta(hours=8, seconds=1))
    assert client.get(reverse("jetons")).status_code == 302
    client.force_login(UtilisateurFactory())
    Session.objects.all().delete()  # une déconnexion servie par un autre processus du serveur
    assert client.get(reverse("jetons")).status_code == 302


def test_un_compte_desactive_ou_un_mot_de_passe_change_ferment_la_session(client: Client) -> None:
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    utilisateur.set_password("un-autre-mot-de-passe-2026")
    utilisateur.save()
    assert client.get(reverse("jetons")).status_code == 302
    client.force_login(utilisateur)
    Utilisateur.objects.filter(pk=utilisateur.pk).update(is_active=False)
    assert client.get(reverse("jetons")).status_code == 302


def test_un_jeton_expire_ou_revoque_est_refuse() -> None:
    utilisateur = UtilisateurFactory()
    jeton, clair = jetons.creer(utilisateur, "script", duree=timedelta(days=1))
    JetonApi.objects.filter(pk=jeton.pk).update(expire_le=timezone.now() - timedelta(seconds=1))
    assert jetons.authentifier(clair) is None
    jeton, clair = jetons.creer(utilisateur, "autre script")
    assert jetons.authentifier(clair) == utilisateur
    jetons.revoquer(utilisateur, jeton.pk)
    assert jetons.authentifier(clair) is None


@pytest.mark.parametrize("entetes_de_la_vue", [{}, {"Cache-Control": "public, max-age=3600"}])
def test_une_reponse_a_un_utilisateur_connecte_n_est_jamais_cachable_quoi_qu_ait_ecrit_la_vue(
    entetes_de_la_vue: dict[str, str],
) -> None:
    def vue(request: HttpRequest) -> HttpResponse:
        return HttpResponse("page", headers=entetes_de_la_vue)

    requete = RequestFactory().get("/")
    requete.user = UtilisateurFactory()
    reponse = pas_de_cache_pour_un_utilisateur_connecte(vue)(requete)
    assert set(reponse["Cache-Control"].split(", ")) == {
        "max-age=0",
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }
    assert parsedate_to_datetime(reponse["Expires"]) <= timezone.now()


def test_la_session_reecrite_a_chaque_ajout_au_compositeur_ne_recompile_pas_sa_requete(
    client: Client, monkeypatch: pytest.MonkeyPatch, communes: None
) -> None:
    client.force_login(UtilisateurFactory())
    client.post(reverse("territoires:ajouter"), {"code": "69123"}, HTTP_HX_REQUEST="true")
    compilations = compter_les_compilations(monkeypatch)
    client.post(reverse("territoires:ajouter"), {"code": "69266"}, HTTP_HX_REQUEST="true")
    assert Session not in compilations
    assert SessionStore(client.session.session_key).load()["composition:libre"] == ["69123", "69266"]


def test_une_session_supprimee_entre_sa_lecture_et_sa_reecriture_n_est_pas_recreee(client: Client) -> None:
    client.force_login(UtilisateurFactory())
    session = SessionStore(client.session.session_key)
    session["composition:libre"] = ["69123"]
    Session.objects.all().delete()  # une déconnexion dans un autre onglet, servie par un autre processus
    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.exists()
