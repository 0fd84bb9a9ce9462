"""Le seul chemin d'écriture d'un dossier : les règles valent pour les pages, l'API et les imports, quoi que
l'interface montre (dossier fermé en lecture seule, région et départements du référentiel, périmètre revérifié
sur les valeurs nouvelles)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.comptes.roles import Role
from cpts.dossiers import ecriture, import_membres
from cpts.dossiers.enums import Etape
from cpts.dossiers.models import Cpts, Membre
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories

pytestmark = pytest.mark.usefixtures("communes")

MEMBRE = {"type": "professionnel", "profession": "infirmier", "recours": "premier", "nom": "Durand"}


@pytest.fixture(params=[Etape.ABANDONNE, Etape.FUSIONNE])
def fermee(request: pytest.FixtureRequest) -> Cpts:
    return factories.CptsFactory(nom="Monts du Lyonnais", etape=request.param)


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def test_l_api_refuse_un_membre_a_une_cpts_fermee(fermee: Cpts, agent: object) -> None:
    reponse = TestClient(api).post(f"/cpts/{fermee.pk}/membres", json=MEMBRE, user=agent)
    assert reponse.status_code == 409
    assert reponse.json()["code"] == "refus"
    assert "son dossier est clos" in reponse.json()["details"][0]
    assert not Membre.objects.filter(cpts=fermee).exists()


def test_un_post_direct_n_ajoute_pas_de_membre_a_une_cpts_fermee(client: Client, fermee: Cpts, agent: object) -> None:
    client.force_login(agent)
    reponse = client.post(reverse("dossiers:ajouter_membre", args=[fermee.pk]), MEMBRE)
    assert reponse.status_code == 409
    assert "son dossier est clos" in reponse.content.decode()
    assert not Membre.objects.filter(cpts=fermee).exists()


def test_un_membre_d_une_cpts_fermee_ne_se_retire_pas(client: Client, fermee: Cpts, agent: object) -> None:
    membre = factories.MembreFactory(cpts=fermee)
    client.force_login(agent)
    client.post(reverse("dossiers:retirer_membre", args=[fermee.pk, membre.pk]))
    assert Membre.objects.filter(pk=membre.pk).exists()


def test_l_import_de_membres_est_refuse_pour_une_cpts_fermee(fermee: Cpts) -> None:
    contenu = b"type;profession;nom\nprofessionnel;infirmier;Durand\n"
    with pytest.raises(ValidationError, match="son dossier est clos"):
        import_membres.importer(fermee, "membres.csv", contenu)
    assert not Membre.objects.filter(cpts=fermee).exists()


def test_la_fiche_d_une_cpts_fermee_ne_se_modifie_pas_par_un_post_direct(
    client: Client, fermee: Cpts, agent: object
) -> None:
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:modifier", args=[fermee.pk]),
        {
            "nom": "Autre nom",
            "region": "84",
            "departement": "69",
            "dynamique_depuis": "01/01/2020",
            "association_statut": "non",
            "revision": 1,
        },
    )
    assert "son dossier est clos" in reponse.content.decode()
    fermee.refresh_from_db()
    assert fermee.nom == "Monts du Lyonnais"


def _modifier(client: Client, cpts: Cpts, **valeurs: str) -> str:
    donnees = {
        "nom": cpts.nom,
        "region": "84",
        "departement": "69",
        "dynamique_depuis": "01/01/2020",
        "association_statut": "non",
    }
    donnees |= {"revision": cpts.revision, **valeurs}
    return client.post(reverse("dossiers:modifier", args=[cpts.pk]), donnees).content.decode()


def test_un_agent_ne_deplace_pas_une_cpts_hors_de_son_perimetre(client: Client) -> None:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais")
    agent_cpam = UtilisateurFactory(role=Role.AGENT_CPAM, departements=["69"])
    client.force_login(agent_cpam)
    contenu = _modifier(client, cpts, region="52", departement="44")
    assert "hors de votre périmètre" in contenu
    cpts.refresh_from_db()
    assert (cpts.region, cpts.departements) == ("84", ["69"])


def test_un_administrateur_n_enregistre_pas_une_region_inconnue(client: Client) -> None:
    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(administrateur=True))
    contenu = _modifier(client, cpts, region="ZZ")
    assert "Région : « ZZ » n&#x27;est pas une région du référentiel" in contenu
    cpts.refresh_from_db()
    assert cpts.region == "84"


def test_l_inscription_refuse_un_departement_d_une_autre_region(client: Client, agent: object) -> None:
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:creer"), {"nom": "Paris 84", "region": "84", "departement": "75", "association_statut": "non"}
    )
    assert "Département principal : le 75 n&#x27;est pas dans la région 84" in reponse.content.decode()
    assert not Cpts.objects.filter(nom="Paris 84").exists()


def test_l_inscription_refuse_des_autres_departements_inconnus_en_les_nommant(client: Client, agent: object) -> None:
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:creer"),
        {
            "nom": "Pays de Tarare",
            "region": "84",
            "departement": "69",
            "autres_departements": "42, 99, abc",
            "association_statut": "non",
        },
    )
    contenu = reponse.content.decode()
    assert "Autres départements : « 99 », « ABC » ne sont pas des départements du référentiel" in contenu
    assert not Cpts.objects.filter(nom="Pays de Tarare").exists()


def test_le_service_revérifie_le_perimetre_sur_les_valeurs_nouvelles() -> None:
    cpts = factories.CptsFactory()
    agent_cpam = UtilisateurFactory(role=Role.AGENT_CPAM, departements=["69"])
    cpts.region, cpts.departement = "52", "44"
    with pytest.raises(ValidationError) as erreur:
        ecriture.enregistrer_fiche(cpts, agent_cpam, revision=cpts.revision)
    assert "departement" in erreur.value.message_dict
    assert Cpts.objects.get(pk=cpts.pk).departement == "69"


def test_le_territoire_d_une_cpts_fermee_ne_se_recompose_pas(fermee: Cpts, agent: object) -> None:
    from cpts.territoires.enregistrement import enregistrer

    with pytest.raises(ValidationError, match="son dossier est clos"):
        enregistrer(fermee, ["69014"], agent)
    assert not fermee.territoires.exists()


def test_un_document_ne_s_ajoute_pas_au_dossier_d_une_cpts_fermee(fermee: Cpts, agent: object) -> None:
    reponse = TestClient(api).post(f"/cpts/{fermee.pk}/documents/fiche_action", user=agent)
    assert reponse.status_code == 409
    assert not fermee.documents.exists()


def test_l_administration_de_django_refuse_une_region_inconnue_et_garde_une_cpts_fermee_en_lecture(
    client: Client,
) -> None:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais")
    client.force_login(UtilisateurFactory(administrateur=True, is_staff=True, is_superuser=True))
    adresse = reverse("admin:dossiers_cpts_change", args=[cpts.pk])
    formulaire = client.get(adresse).context["adminform"].form
    donnees = {cle: valeur for cle, valeur in formulaire.initial.items() if valeur is not None}
    reponse = client.post(adresse, {**donnees, "region": "ZZ", "autres_departements": "[]"})
    assert "Région : « ZZ » n&#x27;est pas une région du référentiel" in reponse.content.decode()
    assert Cpts.objects.get(pk=cpts.pk).region == "84"
    Cpts.objects.filter(pk=cpts.pk).update(etape=Etape.ABANDONNE)
    client.post(adresse, {**donnees, "nom": "Autre nom", "autres_departements": "[]"})
    assert Cpts.objects.get(pk=cpts.pk).nom == "Monts du Lyonnais"


def test_une_demande_de_complement_ne_s_adresse_pas_a_un_dossier_clos(fermee: Cpts, agent: object) -> None:
    from cpts.dossiers import instruction

    with pytest.raises(ValidationError, match="son dossier est clos"):
        instruction.demander_complement(fermee, agent, objet="Budget", texte="Précisez le budget.")
    assert not fermee.demandes.exists()


def test_le_brouillon_d_une_cpts_fermee_est_refuse_en_disant_pourquoi(
    client: Client, fermee: Cpts, agent: object
) -> None:
    from cpts.dossiers.models import Document

    document = Document.objects.create(cpts=fermee, type="fiche_action")
    client.force_login(agent)
    reponse = client.post(reverse("dossiers:document", args=[fermee.pk, document.pk]), {"revision": 1})
    assert reponse.status_code == 409
    assert "son dossier est clos" in reponse.content.decode()
    document.refresh_from_db()
    assert document.revision == 1


def test_le_coordinateur_d_une_fiche_mal_localisee_lit_le_refus_au_lieu_d_une_erreur_serveur(client: Client) -> None:
    cpts = factories.CptsFactory()
    Cpts.objects.filter(pk=cpts.pk).update(region="ZZ")  # donnée reprise d'ailleurs, hors du référentiel
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    reponse = client.post(
        reverse("dossiers:modifier", args=[cpts.pk]), {"association_statut": "non", "revision": cpts.revision}
    )
    assert reponse.status_code == 200
    assert "n&#x27;est pas une région du référentiel" in reponse.content.decode()
