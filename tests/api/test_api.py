import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cpts.api import territoires as territoires_api
from cpts.api.app import api
from cpts.api.territoires import ConflitSortie, ResumeSortie
from cpts.comptes import jetons
from cpts.comptes.models import JetonApi
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")


def client_api(utilisateur: object) -> Client:
    _, clair = jetons.creer(utilisateur, "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {clair}")


def test_la_description_openapi_est_publiee() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "API Pilotage CPTS"
    assert "/api/v1/territoires/resume" in schema["paths"]


def test_sans_jeton_l_api_repond_401_en_json_francais() -> None:
    reponse = Client().get("/api/v1/cpts")
    assert reponse.status_code == 401
    assert reponse.json()["code"] == "non_authentifie"
    assert "jeton personnel" in reponse.json()["message"]


def test_un_jeton_revoque_ne_donne_plus_acces() -> None:
    utilisateur = UtilisateurFactory()
    jeton, clair = jetons.creer(utilisateur, "à révoquer")
    jetons.revoquer(utilisateur, jeton.pk)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {clair}").get("/api/v1/cpts").status_code == 401


def test_un_jeton_expire_ne_donne_plus_acces() -> None:
    jeton, clair = jetons.creer(UtilisateurFactory(), "expiré")
    JetonApi.objects.filter(pk=jeton.pk).update(expire_le=timezone.now() - timedelta(seconds=1))
    assert Client(HTTP_AUTHORIZATION=f"Bearer {clair}").get("/api/v1/cpts").status_code == 401


def test_seule_l_empreinte_du_jeton_est_gardee() -> None:
    jeton, clair = jetons.creer(UtilisateurFactory(), "empreinte")
    assert clair not in {jeton.empreinte, jeton.prefixe}
    assert jeton.empreinte == jetons.empreinte(clair)


def test_la_liste_des_cpts_est_paginee_et_limitee_au_perimetre() -> None:
    CptsFactory(nom="CPTS du Rhône")
    CptsFactory(nom="CPTS nantaise", hors_region=True)
    donnees = client_api(UtilisateurFactory(agent_ars_region=True)).get("/api/v1/cpts").json()
    assert (donnees["count"], [c["nom"] for c in donnees["items"]]) == (1, ["CPTS du Rhône"])


def test_la_liste_des_cpts_se_filtre_par_etape() -> None:
    CptsFactory(nom="Signée", etape="contrat_signe")
    CptsFactory(nom="En dynamique")
    donnees = client_api(UtilisateurFactory()).get("/api/v1/cpts", {"etape": "contrat_signe"}).json()
    assert [c["nom"] for c in donnees["items"]] == ["Signée"]


def test_une_cpts_hors_perimetre_repond_404_avec_un_code_stable() -> None:
    autre = CptsFactory(hors_region=True)
    reponse = client_api(UtilisateurFactory(agent_ars_region=True)).get(f"/api/v1/cpts/{autre.pk}")
    assert (reponse.status_code, reponse.json()["code"]) == (404, "introuvable")


def test_la_recherche_de_communes_ignore_les_accents() -> None:
    donnees = (
        client_api(UtilisateurFactory()).get("/api/v1/communes", {"q": "saint-etienne", "departement": "42"}).json()
    )
    assert [c["nom"] for c in donnees["items"]][:1] == ["Saint-Étienne"]


def test_le_resume_d_un_territoire_donne_population_taille_et_conflits() -> None:
    TerritoireFactory(cpts__nom="CPTS de Villeurbanne", communes=["69266"])
    reponse = client_api(UtilisateurFactory()).post(
        "/api/v1/territoires/resume", {"communes": ["69123", "69266", "99999"]}, content_type="application/json"
    )
    donnees = reponse.json()
    assert (donnees["communes"], donnees["taille"], donnees["inconnues"]) == (2, 4, ["99999"])
    assert donnees["conflits"] == [{"commune": "69266", "cpts": "CPTS de Villeurbanne"}]


def test_le_financement_reproduit_le_total_publie_de_l_aci_2019() -> None:
    demande = {
        "date": "2020-06-01",
        "taille": 1,
        "missions": ["acces", "parcours", "prevention", "qualite", "accompagnement"],
        "options": ["snp-compensation", "snp-regulation"],
    }
    reponse = client_api(UtilisateurFactory()).post(
        "/api/v1/regles/financement", demande, content_type="application/json"
    )
    assert reponse.json()["total"] == "220000.00"
    assert reponse.json()["avertissements"] == []


def test_le_financement_verse_tout_le_variable_crise_et_avertit_d_une_mission_socle_manquante() -> None:
    demande = {"date": "2023-01-01", "taille": 1, "missions": ["crise"], "crise_survenue": True, "atteinte": "0.5"}
    reponse = client_api(UtilisateurFactory()).post(
        "/api/v1/regles/financement", demande, content_type="application/json"
    )
    assert reponse.json()["total"] == "112500.00"
    assert "ne pourra pas être financé" in reponse.json()["avertissements"][0]


def test_une_taille_impossible_est_refusee_en_422_avec_le_detail() -> None:
    demande = {"date": "2020-06-01", "taille": 5}
    reponse = client_api(UtilisateurFactory()).post(
        "/api/v1/regles/financement", demande, content_type="application/json"
    )
    assert (reponse.status_code, reponse.json()["code"]) == (422, "donnees_invalides")
    assert any("taille" in detail for detail in reponse.json()["details"])


def test_une_date_anterieure_a_l_aci_est_refusee_en_francais() -> None:
    demande = {"date": "2018-01-01", "taille": 1}
    reponse = client_api(UtilisateurFactory()).post(
        "/api/v1/regles/financement", demande, content_type="application/json"
    )
    assert reponse.status_code == 422


def test_l_echeancier_liste_les_versements_dates() -> None:
    demande = {"signature": "2021-01-15", "taille": 1, "missions": {"acces": "2021-01-15"}}
    versements = (
        client_api(UtilisateurFactory())
        .post("/api/v1/regles/echeancier", demande, content_type="application/json")
        .json()
    )
    assert versements[0]["du_le"] == "2021-01-15"
    assert {v["nature"] for v in versements} <= {"integral", "avance", "solde"}
    assert {v["texte"] for v in versements} == {"aci-2019", "avenant-2"}


def test_l_echeancier_prend_les_options_et_les_crises_declarees() -> None:
    demande = {
        "signature": "2023-01-15",
        "taille": 1,
        "missions": {"acces": "2023-01-15", "crise": "2023-01-15"},
        "options": {"fonctionnement-additionnel": "2024-01-15"},
        "crises": {"2": "0.5"},
        "atteinte": "0",
    }
    versements = (
        client_api(UtilisateurFactory())
        .post("/api/v1/regles/echeancier", demande, content_type="application/json")
        .json()
    )
    assert [
        (v["annee_contrat"], v["montant"]) for v in versements if v["volet"] == "variable" and v["mission"] == "crise"
    ] == [(2, "18750.00")]
    assert min(v["du_le"] for v in versements if v["volet"] == "additionnel") == "2024-01-15"


def test_le_resume_d_un_territoire_est_le_json_que_django_ninja_rendrait_de_son_schema() -> None:
    TerritoireFactory(cpts__nom="CPTS de Villeurbanne", communes=["69266"])
    reponse = client_api(UtilisateurFactory()).post(
        "/api/v1/territoires/resume", {"communes": ["69123", "69266", "99999"]}, content_type="application/json"
    )
    donnees = reponse.json()
    attendu = ResumeSortie(
        communes=2,
        population=donnees["population"],
        taille=4,
        departements=["69"],
        regions=["84"],
        conflits=[ConflitSortie(commune="69266", cpts="CPTS de Villeurbanne")],
        contigu=True,
        inconnues=["99999"],
    )
    rendu = api.renderer.render(None, attendu.model_dump(), response_status=200)
    assert reponse.content == rendu.encode()
    assert reponse["Content-Type"] == f"{api.renderer.media_type}; charset={api.renderer.charset}"


def test_le_resume_ecrit_les_noms_a_echapper_comme_django_ninja() -> None:
    """Guillemets, barre oblique inverse, accents, caractère de contrôle, hors du plan de base : le gabarit des
    conflits échappe comme `json.dumps`."""
    noms = ['CPTS « Val-de-Saône » "nord"', "CPTS C:\\Santé\tÉté 😀"]
    for nom, code in zip(noms, ["69266", "69256"], strict=True):
        TerritoireFactory(cpts__nom=nom, communes=[code])
    reponse = client_api(UtilisateurFactory()).post(
        "/api/v1/territoires/resume", {"communes": ["69123", "69266", "69256"]}, content_type="application/json"
    )
    donnees = reponse.json()
    attendu = ResumeSortie(
        communes=3,
        population=donnees["population"],
        taille=donnees["taille"],
        departements=["69"],
        regions=["84"],
        conflits=[ConflitSortie(commune="69256", cpts=noms[1]), ConflitSortie(commune="69266", cpts=noms[0])],
        contigu=donnees["contigu"],
        inconnues=[],
    )
    assert sorted(c["cpts"] for c in donnees["conflits"]) == sorted(noms)
    assert reponse.content == api.renderer.render(None, attendu.model_dump(), response_status=200).encode()


def test_les_conflits_deja_ecrits_se_reecrivent_a_l_identique_et_leur_memoire_est_bornee(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(territoires_api, "CONFLITS_ECRITS_MAX", 2)
    monkeypatch.setattr(territoires_api, "_CONFLITS_ECRITS", {})
    for code in ("69266", "69256", "69029"):
        TerritoireFactory(cpts__nom=f"CPTS {code}", communes=[code])
    client = client_api(UtilisateurFactory())

    def resume() -> bytes:
        corps = {"communes": ["69123", "69266", "69256", "69029"]}
        return client.post("/api/v1/territoires/resume", corps, content_type="application/json").content

    premier = resume()
    assert len(territoires_api._CONFLITS_ECRITS) <= 2
    assert resume() == premier
    assert [c["cpts"] for c in json.loads(premier)["conflits"]] == ["CPTS 69029", "CPTS 69256", "CPTS 69266"]


def test_le_resume_nomme_une_cpts_renommee_des_l_appel_suivant() -> None:
    territoire = TerritoireFactory(cpts__nom="CPTS de Villeurbanne", communes=["69266"])
    client = client_api(UtilisateurFactory())

    def conflits() -> list[str]:
        corps = {"communes": ["69123", "69266"]}
        reponse = client.post("/api/v1/territoires/resume", corps, content_type="application/json")
        return [conflit["cpts"] for conflit in reponse.json()["conflits"]]

    assert conflits() == ["CPTS de Villeurbanne"]
    territoire.cpts.nom = "CPTS Villeurbanne et Vaulx"
    territoire.cpts.save()
    assert conflits() == ["CPTS Villeurbanne et Vaulx"]


def test_le_resume_d_un_territoire_s_ecrit_sans_instancier_son_schema_de_sortie(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """La validation par pydantic, objet par objet, coûtait le quart d'un résumé : le schéma ne sert qu'à la
    documentation."""

    def refuser(*args: object, **kwargs: object) -> None:
        raise AssertionError("le résumé revalide sa réponse")

    monkeypatch.setattr(territoires_api, "ResumeSortie", refuser)
    monkeypatch.setattr(territoires_api, "ConflitSortie", refuser)
    TerritoireFactory(communes=["69266"])
    reponse = client_api(UtilisateurFactory()).post(
        "/api/v1/territoires/resume", {"communes": ["69266"]}, content_type="application/json"
    )
    assert (reponse.status_code, len(reponse.json()["conflits"])) == (200, 1)
