"""Fiche, membres et brouillons modifiés à partir d'une version périmée : conflit, saisie gardée, rien d'écrit.

Les enregistrements réellement simultanés (deux connexions) se vérifient sur PostgreSQL dans
`test_concurrence_postgresql.py`."""

import pytest
from django.test import Client
from django.urls import reverse
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.dossiers import depots
from cpts.dossiers.enums import Profession, TypeDocument
from cpts.dossiers.models import Cpts, Document, Membre
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories

pytestmark = pytest.mark.django_db

CONFLIT_FICHE = "Cette fiche a été modifiée par Camille Martin le "
PERDUS = "vos changements n&#x27;ont pas été enregistrés"


@pytest.fixture
def cpts() -> Cpts:
    return factories.CptsFactory(avec_association=True)


@pytest.fixture
def coordinateur(client: Client, cpts: Cpts) -> object:
    utilisateur = UtilisateurFactory(cpts=[cpts], first_name="David", last_name="Coordinateur")
    client.force_login(utilisateur)
    return utilisateur


@pytest.fixture
def collegue(cpts: Cpts) -> object:
    return UtilisateurFactory(cpts=[cpts], first_name="Camille", last_name="Martin")


def _enregistrer_par(auteur: object, objet: Cpts | Membre, **champs: object) -> None:
    """Une autre personne enregistre l'objet entre la lecture et l'enregistrement de la page."""
    autre = type(objet).objects.get(pk=objet.pk)
    for champ, valeur in champs.items():
        setattr(autre, champ, valeur)
    autre._history_user = auteur
    autre.save()


def _fiche(cpts: Cpts, **champs: object) -> dict[str, object]:
    return {"association_statut": cpts.association_statut, "association_nom": cpts.association_nom, **champs}


# Fiche de la CPTS


def test_la_page_de_la_fiche_porte_la_revision_lue(client: Client, coordinateur: object, cpts: Cpts) -> None:
    page = client.get(reverse("dossiers:modifier", args=[cpts.pk])).content.decode()
    assert '<input type="hidden" name="revision" value="1"' in page


def test_une_fiche_a_jour_s_enregistre_et_sa_revision_augmente(
    client: Client, coordinateur: object, cpts: Cpts
) -> None:
    reponse = client.post(
        reverse("dossiers:modifier", args=[cpts.pk]), _fiche(cpts, contact_nom="Alice Contact", revision=1)
    )
    assert reponse.status_code == 302
    cpts.refresh_from_db()
    assert (cpts.contact_nom, cpts.revision) == ("Alice Contact", 2)


def test_une_fiche_modifiee_entre_temps_n_ecrase_rien_et_garde_la_saisie(
    client: Client, coordinateur: object, collegue: object, cpts: Cpts
) -> None:
    _enregistrer_par(collegue, cpts, contact_telephone="04 78 00 00 00")
    reponse = client.post(
        reverse("dossiers:modifier", args=[cpts.pk]), _fiche(cpts, contact_nom="Alice Contact", revision=1)
    )
    page = reponse.content.decode()
    assert reponse.status_code == 409
    assert CONFLIT_FICHE in page
    assert PERDUS in page
    assert "Modifié entre-temps : téléphone de contact" in page
    assert 'value="Alice Contact"' in page
    cpts.refresh_from_db()
    assert (cpts.contact_nom, cpts.contact_telephone, cpts.revision) == ("", "04 78 00 00 00", 2)
    assert cpts.historique.count() == 2


def test_apres_un_conflit_la_page_porte_la_revision_actuelle_pour_enregistrer_a_nouveau(
    client: Client, coordinateur: object, collegue: object, cpts: Cpts
) -> None:
    _enregistrer_par(collegue, cpts, contact_telephone="04 78 00 00 00")
    url = reverse("dossiers:modifier", args=[cpts.pk])
    page = client.post(url, _fiche(cpts, contact_nom="Alice Contact", revision=1)).content.decode()
    assert '<input type="hidden" name="revision" value="2"' in page
    assert client.post(url, _fiche(cpts, contact_nom="Alice Contact", revision=2)).status_code == 302


def test_une_fiche_envoyee_sans_revision_n_est_pas_enregistree(
    client: Client, coordinateur: object, cpts: Cpts
) -> None:
    reponse = client.post(reverse("dossiers:modifier", args=[cpts.pk]), _fiche(cpts, contact_nom="Alice Contact"))
    assert "La version de la page que vous avez lue est inconnue : rechargez la page" in reponse.content.decode()
    cpts.refresh_from_db()
    assert (cpts.contact_nom, cpts.revision) == ("", 1)


def test_une_decision_d_etape_enregistree_entre_temps_rend_la_fiche_lue_perimee(
    client: Client, coordinateur: object, cpts: Cpts
) -> None:
    _enregistrer_par(UtilisateurFactory(agent_ars_region=True), cpts, etape="lettre_intention")
    reponse = client.post(
        reverse("dossiers:modifier", args=[cpts.pk]), _fiche(cpts, contact_nom="Alice Contact", revision=1)
    )
    assert reponse.status_code == 409
    cpts.refresh_from_db()
    assert (cpts.etape, cpts.contact_nom) == ("lettre_intention", "")


# Membres


def test_un_membre_modifie_entre_temps_n_est_pas_ecrase(
    client: Client, coordinateur: object, collegue: object, cpts: Cpts
) -> None:
    membre = factories.MembreFactory(cpts=cpts, nom="Durand", lieu_exercice="Saint-Martin-en-Haut")
    _enregistrer_par(collegue, membre, lieu_exercice="Duerne")
    donnees = {"type": "professionnel", "profession": "infirmier", "recours": "premier", "nom": "Durand"}
    reponse = client.post(
        reverse("dossiers:membre", args=[cpts.pk, membre.pk]), {**donnees, "adherent": "on", "revision": 1}
    )
    assert reponse.status_code == 409
    assert "Ce membre a été modifié par Camille Martin le " in reponse.content.decode()
    membre.refresh_from_db()
    assert (membre.profession, membre.lieu_exercice) == (Profession.MEDECIN_GENERALISTE, "Duerne")


def test_un_nouveau_membre_s_ajoute_sans_revision(client: Client, coordinateur: object, cpts: Cpts) -> None:
    donnees = {"type": "professionnel", "profession": "infirmier", "recours": "premier", "nom": "Petit"}
    reponse = client.post(reverse("dossiers:ajouter_membre", args=[cpts.pk]), donnees)
    assert reponse.status_code == 302
    assert cpts.membres.get().revision == 1


# Brouillons


@pytest.fixture
def fiche_action(cpts: Cpts, coordinateur: object) -> Document:
    document = Document.objects.create(cpts=cpts, type=TypeDocument.FICHE_ACTION)
    return depots.enregistrer_brouillon(document, factories.valeurs_fiche(), coordinateur, revision=1)


def test_un_brouillon_enregistre_entre_temps_n_est_pas_ecrase_par_la_page(
    client: Client, coordinateur: object, collegue: object, cpts: Cpts, fiche_action: Document
) -> None:
    lue = fiche_action.revision
    depots.enregistrer_brouillon(
        fiche_action, factories.valeurs_fiche(intitule="Version de Camille"), collegue, revision=lue
    )
    valeurs = factories.valeurs_fiche(intitule="Version de David")
    reponse = client.post(
        reverse("dossiers:document", args=[cpts.pk, fiche_action.pk]), {**valeurs, "revision": lue, "deposer": ""}
    )
    page = reponse.content.decode()
    assert reponse.status_code == 409
    assert "Ce brouillon a été modifié par Camille Martin le " in page
    assert 'value="Version de David"' in page
    fiche_action.refresh_from_db()
    assert (fiche_action.titre, fiche_action.depots.count()) == ("Version de Camille", 0)


@pytest.fixture
def api_client() -> TestClient:
    return TestClient(api)


def _url_brouillon(document: Document) -> str:
    return f"/cpts/{document.cpts_id}/documents/{document.pk}/brouillon"


def test_l_api_enregistre_un_brouillon_a_jour_et_rend_la_nouvelle_revision(
    api_client: TestClient, coordinateur: object, fiche_action: Document
) -> None:
    reponse = api_client.put(
        _url_brouillon(fiche_action),
        json={"valeurs": factories.valeurs_fiche(intitule="Nouvelle version"), "revision": 2},
        user=coordinateur,
    )
    assert reponse.status_code == 200
    assert (reponse.json()["titre"], reponse.json()["revision"]) == ("Nouvelle version", 3)


def test_l_api_refuse_en_409_conflit_un_brouillon_modifie_depuis_la_lecture(
    api_client: TestClient, coordinateur: object, collegue: object, fiche_action: Document
) -> None:
    depots.enregistrer_brouillon(
        fiche_action, factories.valeurs_fiche(intitule="Version de Camille"), collegue, revision=2
    )
    reponse = api_client.put(
        _url_brouillon(fiche_action),
        json={"valeurs": factories.valeurs_fiche(intitule="Version de David"), "revision": 2},
        user=coordinateur,
    )
    erreur = reponse.json()
    assert (reponse.status_code, erreur["code"]) == (409, "conflit")
    assert erreur["message"].startswith("Ce brouillon a été modifié par Camille Martin le ")
    assert "Modifié entre-temps : brouillon" in erreur["details"]
    fiche_action.refresh_from_db()
    assert (fiche_action.titre, fiche_action.revision) == ("Version de Camille", 3)


def test_l_api_exige_la_revision_lue_pour_enregistrer_un_brouillon(
    api_client: TestClient, coordinateur: object, fiche_action: Document
) -> None:
    reponse = api_client.put(
        _url_brouillon(fiche_action), json={"valeurs": factories.valeurs_fiche()}, user=coordinateur
    )
    assert (reponse.status_code, reponse.json()["code"]) == (422, "donnees_invalides")
    assert reponse.json()["details"] == ["body.entree.revision : champ obligatoire"]


def test_l_api_rend_la_revision_de_la_cpts_de_son_dossier_et_de_ses_documents(
    api_client: TestClient, coordinateur: object, cpts: Cpts, fiche_action: Document
) -> None:
    cpts.save()
    assert api_client.get(f"/cpts/{cpts.pk}", user=coordinateur).json()["revision"] == 2
    assert api_client.get(f"/cpts/{cpts.pk}/dossier", user=coordinateur).json()["revision"] == 2
    (document,) = api_client.get(f"/cpts/{cpts.pk}/documents", user=coordinateur).json()
    assert document["revision"] == 2


def test_le_schema_openapi_documente_la_revision_et_le_conflit(api_client: TestClient) -> None:
    schema = api.get_openapi_schema()
    entree = schema["components"]["schemas"]["BrouillonEntree"]
    assert "revision" in entree["required"]
    assert "réponse 409, code `conflit`" in entree["properties"]["revision"]["description"]
    operation = schema["paths"]["/api/v1/cpts/{cpts_id}/documents/{document_id}/brouillon"]["put"]
    assert operation["responses"][409]["content"]["application/json"]["schema"]["$ref"].endswith("/ErreurSortie")
