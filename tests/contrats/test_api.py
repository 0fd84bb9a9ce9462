"""L'API des contrats, montée dans l'API v1 : mêmes droits et mêmes contrôles que les pages."""

import datetime
from decimal import Decimal

import pytest
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.contrats.models import Paiement, Valeur
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import BilanFactory, ContratFactory, DialogueFactory, IndicateurFactory

pytestmark = pytest.mark.django_db

VERSEMENT = {
    "annee_contrat": 1,
    "mission": "fonctionnement",
    "volet": "fixe",
    "nature": "avance",
    "montant": "45000.00",
    "date": "2022-06-20",
    "reference": "VIR-API-1",
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(api)


@pytest.fixture
def contrat() -> object:
    return ContratFactory()


def test_la_liste_des_contrats_suit_le_perimetre(client: TestClient, contrat: object) -> None:
    ContratFactory(hors_region=True)
    reponse = client.get("/contrats", user=UtilisateurFactory(agent_cpam_departement=True))
    assert [c["cpts"] for c in reponse.json()["items"]] == [contrat.cpts.nom]


def test_un_contrat_donne_ses_missions(client: TestClient, contrat: object) -> None:
    donnees = client.get(f"/contrats/{contrat.pk}", user=UtilisateurFactory()).json()
    assert donnees["fin"] == "2027-06-15"
    assert {m["mission"] for m in donnees["missions"]} == {"acces", "parcours", "prevention", "crise"}
    assert donnees["document_depose"] is False


def test_l_echeancier_donne_chaque_ligne_et_le_total(client: TestClient, contrat: object) -> None:
    donnees = client.get(f"/contrats/{contrat.pk}/echeancier", user=UtilisateurFactory()).json()
    assert donnees["lignes"][0]["montant"] == "45000.00"
    assert Decimal(donnees["total"]["du"]) == sum(Decimal(ligne["montant"]) for ligne in donnees["lignes"])


def test_l_agent_cpam_enregistre_un_versement_par_l_api(client: TestClient, contrat: object) -> None:
    reponse = client.post(
        f"/contrats/{contrat.pk}/versements", json=VERSEMENT, user=UtilisateurFactory(agent_cpam_departement=True)
    )
    assert reponse.status_code == 201
    assert reponse.json()["montant"] == "45000.00"
    liste = client.get(f"/contrats/{contrat.pk}/versements", user=UtilisateurFactory()).json()
    assert [v["reference"] for v in liste] == ["VIR-API-1"]


def test_un_versement_au_dela_du_du_est_refuse_par_l_api_avec_sa_raison(client: TestClient, contrat: object) -> None:
    agent = UtilisateurFactory(agent_cpam_departement=True)
    reponse = client.post(f"/contrats/{contrat.pk}/versements", json={**VERSEMENT, "montant": "45000.01"}, user=agent)
    assert reponse.status_code == 409
    assert reponse.json()["code"] == "refus"
    assert "dépasse le restant dû" in reponse.json()["details"][0]
    assert not Paiement.objects.exists()


def test_une_reference_en_double_est_refusee_par_l_api(client: TestClient, contrat: object) -> None:
    agent = UtilisateurFactory(agent_cpam_departement=True)
    client.post(f"/contrats/{contrat.pk}/versements", json={**VERSEMENT, "montant": "100"}, user=agent)
    reponse = client.post(f"/contrats/{contrat.pk}/versements", json={**VERSEMENT, "montant": "100"}, user=agent)
    assert reponse.status_code == 409
    assert Paiement.objects.count() == 1


@pytest.mark.parametrize(
    "champs", [{"montant": "-1"}, {"montant": "12.345"}, {"nature": "bonus"}, {"annee_contrat": 0}, {"date": "hier"}]
)
def test_une_entree_invalide_est_refusee_par_le_schema(client: TestClient, contrat: object, champs: dict) -> None:
    agent = UtilisateurFactory(agent_cpam_departement=True)
    reponse = client.post(f"/contrats/{contrat.pk}/versements", json={**VERSEMENT, **champs}, user=agent)
    assert reponse.status_code == 422
    assert not Paiement.objects.exists()


def test_un_coordinateur_ne_paie_pas_par_l_api(client: TestClient, contrat: object) -> None:
    reponse = client.post(
        f"/contrats/{contrat.pk}/versements", json=VERSEMENT, user=UtilisateurFactory(cpts=[contrat.cpts])
    )
    assert reponse.status_code == 403
    assert not Paiement.objects.exists()


def test_le_coordinateur_declare_une_valeur_par_l_api(client: TestClient, contrat: object) -> None:
    indicateur = IndicateurFactory(contrat=contrat)
    coordinatrice = UtilisateurFactory(cpts=[contrat.cpts])
    reponse = client.post(
        f"/contrats/{contrat.pk}/indicateurs/{indicateur.pk}/valeurs",
        json={"annee": 1, "valeur": "12.5"},
        user=coordinatrice,
    )
    assert reponse.status_code == 201
    assert reponse.json()["valeurs"][0]["declaree_par"] == coordinatrice.username
    assert Valeur.objects.get().valeur == Decimal("12.5")


def test_une_valeur_hors_du_contrat_est_refusee_par_l_api(client: TestClient, contrat: object) -> None:
    indicateur = IndicateurFactory(contrat=contrat)
    reponse = client.post(
        f"/contrats/{contrat.pk}/indicateurs/{indicateur.pk}/valeurs",
        json={"annee": 7, "valeur": "1"},
        user=UtilisateurFactory(agent_ars_region=True),
    )
    assert reponse.status_code == 409
    assert reponse.json()["details"] == ["annee : L'année « 7 » est hors du contrat : de 1 à 5."]


def test_l_agent_tient_le_dialogue_et_retient_l_atteinte_par_l_api(client: TestClient, contrat: object) -> None:
    agent = UtilisateurFactory(agent_ars_region=True)
    IndicateurFactory(contrat=contrat, mission="acces", cibles={1: 10}, valeurs={1: 5})
    reponse = client.post(
        f"/contrats/{contrat.pk}/dialogues",
        json={"annee": 1, "date": "2023-07-03", "participants": "CPTS, CPAM, ARS"},
        user=agent,
    )
    assert reponse.status_code == 201
    bilan = next(b for b in reponse.json()["bilans"] if b["mission"] == "acces")
    assert Decimal(bilan["taux_calcule"]) == Decimal("0.5")
    retenue = client.post(f"/contrats/bilans/{bilan['id']}/atteinte", json={"taux": "0.5"}, user=agent)
    assert Decimal(retenue.json()["taux_retenu"]) == Decimal("0.5")
    hors = client.post(f"/contrats/bilans/{bilan['id']}/atteinte", json={"taux": "1.5"}, user=agent)
    assert hors.status_code == 422


def test_une_crise_declaree_par_l_api_paie_le_variable_crise_a_son_taux(client: TestClient, contrat: object) -> None:
    agent = UtilisateurFactory(agent_ars_region=True)
    reponse = client.post(
        f"/contrats/{contrat.pk}/dialogues",
        json={
            "annee": 1,
            "date": "2023-07-03",
            "participants": "CPTS, CPAM, ARS",
            "crise_survenue": True,
            "crise_le": "2022-11-02",
            "taux_crise": "0.5",
        },
        user=agent,
    )
    assert (reponse.status_code, reponse.json()["crise_le"], Decimal(reponse.json()["taux_crise"])) == (
        201,
        "2022-11-02",
        Decimal("0.5"),
    )
    lignes = client.get(f"/contrats/{contrat.pk}/echeancier", user=agent).json()["lignes"]
    crise = [
        (ligne["annee_contrat"], ligne["montant"], ligne["texte"])
        for ligne in lignes
        if (ligne["mission"], ligne["volet"]) == ("crise", "variable")
    ]
    assert crise == [(1, "26250.00", "avenant-2")]


def test_un_contrat_par_l_api_donne_ses_options_et_son_echeancier_ses_avertissements(
    client: TestClient, contrat: object
) -> None:
    contrat.options.create(option="fonctionnement-additionnel", depuis=datetime.date(2023, 6, 15))

    detail = client.get(f"/contrats/{contrat.pk}", user=UtilisateurFactory()).json()
    echeancier = client.get(f"/contrats/{contrat.pk}/echeancier", user=UtilisateurFactory()).json()

    assert detail["options"] == [{"option": "fonctionnement-additionnel", "depuis": "2023-06-15"}]
    assert [a[:29] for a in echeancier["avertissements"]] == ["Montant non vérifié au texte "]


def test_les_dialogues_se_lisent_par_l_api(client: TestClient, contrat: object) -> None:
    BilanFactory(dialogue=DialogueFactory(contrat=contrat), mission="parcours")
    donnees = client.get(f"/contrats/{contrat.pk}/dialogues", user=UtilisateurFactory()).json()
    assert [(d["annee"], [b["mission"] for b in d["bilans"]]) for d in donnees] == [(1, ["parcours"])]


def test_les_alertes_et_les_versements_a_venir_par_l_api(client: TestClient) -> None:
    ContratFactory(
        signature=datetime.date.today() - datetime.timedelta(days=250),
        missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]),
    )
    lecteur = UtilisateurFactory()
    alertes = client.get("/contrats/alertes?region=84", user=lecteur).json()
    assert {a["type"] for a in alertes["items"]} >= {"demarrage", "versement"}
    assert alertes["count"] == len(alertes["items"])
    a_venir = client.get("/contrats/versements-a-venir?jours=30&region=84", user=lecteur).json()
    assert [ligne["nature"] for ligne in a_venir["items"]] == ["integral"]


def test_les_alertes_de_l_api_se_lisent_par_pages(client: TestClient) -> None:
    for _ in range(3):
        ContratFactory(
            signature=datetime.date.today() - datetime.timedelta(days=250),
            missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]),
        )
    lecteur = UtilisateurFactory()
    premiere = client.get("/contrats/alertes?region=84&page_size=2", user=lecteur).json()
    seconde = client.get("/contrats/alertes?region=84&page_size=2&page=2", user=lecteur).json()
    assert len(premiere["items"]) == 2
    assert premiere["count"] > 2
    assert premiere["items"] != seconde["items"]


def test_un_contrat_hors_perimetre_est_introuvable_ou_refuse(client: TestClient) -> None:
    ailleurs = ContratFactory(hors_region=True)
    reponse = client.get(f"/contrats/{ailleurs.pk}", user=UtilisateurFactory(agent_ars_region=True))
    assert (reponse.status_code, reponse.json()["code"]) == (404, "introuvable")
