"""Le routeur REST des dossiers (à monter dans l'API v1), testé seul : lecture, écriture par rôle, refus."""

import pytest
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.dossiers.enums import Etape
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories, parcours

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(api)


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def test_l_api_donne_le_dossier_et_ce_qui_est_attendu(client: TestClient) -> None:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais", autres_departements=["42"])
    reponse = client.get(f"/cpts/{cpts.pk}/dossier", user=UtilisateurFactory())
    donnees = reponse.json()
    assert reponse.status_code == 200
    assert (donnees["nom"], donnees["autres_departements"], donnees["etape"]) == (
        "Monts du Lyonnais",
        ["42"],
        "dynamique",
    )
    assert donnees["attendu"]["texte"].startswith("Rédiger et déposer le pré-projet")


def test_l_api_publie_la_table_des_transitions(client: TestClient) -> None:
    transitions = {t["code"]: t for t in client.get("/dossiers/transitions", user=UtilisateurFactory()).json()}
    assert transitions["valider_pre_projet"]["instances"] == ["ecd", "ctr", "ars"]
    assert len(transitions) == 10


def test_un_agent_enregistre_une_decision_par_l_api(client: TestClient, agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    reponse = client.post(
        f"/cpts/{cpts.pk}/decisions",
        json={"transition": "valider_pre_projet", "date": "2024-05-02", "instance": "ecd"},
        user=agent,
    )
    assert reponse.status_code == 201
    assert (reponse.json()["etape_apres"], reponse.json()["subvention"]) == ("pre_projet_valide", 15000.0)
    assert client.get(f"/cpts/{cpts.pk}/decisions", user=agent).json()[0]["date"] == "2024-05-02"


def test_une_decision_refusee_par_l_api_donne_ses_raisons(client: TestClient, agent: object) -> None:
    cpts = factories.CptsFactory()
    reponse = client.post(
        f"/cpts/{cpts.pk}/decisions",
        json={"transition": "signer_contrat", "date": "2024-05-02", "instance": "ars_cpam"},
        user=agent,
    )
    assert (reponse.status_code, reponse.json()["code"]) == (409, "refus")
    assert "est impossible à l'étape « Dynamique (réflexion) »" in reponse.json()["details"][0]


def test_un_coordinateur_ne_decide_pas_par_l_api(client: TestClient) -> None:
    cpts = factories.CptsFactory()
    reponse = client.post(
        f"/cpts/{cpts.pk}/decisions",
        json={"transition": "abandonner", "date": "2024-05-02", "instance": "ars", "motif": "x"},
        user=UtilisateurFactory(cpts=[cpts]),
    )
    assert (reponse.status_code, reponse.json()["code"]) == (403, "acces_refuse")


def test_le_coordinateur_redige_et_depose_une_fiche_action_par_l_api(client: TestClient) -> None:
    cpts = factories.CptsFactory()
    coordinateur = UtilisateurFactory(cpts=[cpts])
    document = client.post(f"/cpts/{cpts.pk}/documents/fiche_action", user=coordinateur).json()
    reponse = client.put(
        f"/cpts/{cpts.pk}/documents/{document['id']}/brouillon",
        json={"valeurs": factories.valeurs_fiche("prevention"), "revision": document["revision"]},
        user=coordinateur,
    )
    assert reponse.json()["titre"] == "Action prevention"
    version = client.post(f"/cpts/{cpts.pk}/documents/{document['id']}/versions", user=coordinateur).json()
    assert (version["numero"], version["contenu"]["valeurs"]["debut"]) == (1, "2025-01-01")


def test_un_brouillon_mal_type_est_refuse_en_nommant_le_champ(client: TestClient) -> None:
    cpts = factories.CptsFactory()
    coordinateur = UtilisateurFactory(cpts=[cpts])
    document = client.post(f"/cpts/{cpts.pk}/documents/budget", user=coordinateur).json()
    reponse = client.put(
        f"/cpts/{cpts.pk}/documents/{document['id']}/brouillon",
        json={"valeurs": {"c65": "-3", "couleur": "bleu"}, "revision": document["revision"]},
        user=coordinateur,
    )
    assert reponse.status_code == 409
    assert reponse.json()["details"] == ["Champ inconnu pour ce document : « couleur »."]


def test_les_brouillons_restent_invisibles_au_lecteur_national(client: TestClient) -> None:
    cpts = factories.CptsFactory()
    factories.DocumentFactory(cpts=cpts, brouillon={"communication": "brouillon privé"})
    (document,) = client.get(f"/cpts/{cpts.pk}/documents", user=UtilisateurFactory()).json()
    assert document["brouillon"] is None


def test_un_membre_s_ajoute_par_l_api_et_une_profession_inconnue_est_refusee(client: TestClient) -> None:
    cpts = factories.CptsFactory()
    coordinateur = UtilisateurFactory(cpts=[cpts])
    entree = {"type": "professionnel", "profession": "infirmier", "recours": "premier", "nom": "Petit"}
    assert client.post(f"/cpts/{cpts.pk}/membres", json=entree, user=coordinateur).status_code == 201
    refus = client.post(f"/cpts/{cpts.pk}/membres", json={**entree, "profession": "druide"}, user=coordinateur)
    assert refus.status_code == 409
    assert refus.json()["details"][0].startswith("profession : ")
    assert [m["nom"] for m in client.get(f"/cpts/{cpts.pk}/membres", user=coordinateur).json()["items"]] == ["Petit"]
