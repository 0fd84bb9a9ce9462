"""Les tableaux de pilotage par l'API : mêmes chiffres que la commande et les pages, à la date demandée."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client

from cpts.dossiers.enums import TransitionEtape as T
from tests.api.test_api import client_api
from tests.comptes.factories import UtilisateurFactory
from tests.pilotage.factories import projet_avec_historique

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def lecteur() -> Client:
    projet_avec_historique(
        datetime.date(2020, 1, 1),
        [(T.DEPOSER_PRE_PROJET, datetime.date(2020, 3, 1)), (T.VALIDER_PRE_PROJET, datetime.date(2020, 6, 1))],
    )
    return client_api(UtilisateurFactory())


def ligne_du_rhone(reponse: dict) -> dict:
    return next(ligne for ligne in reponse["lignes"] if ligne["departement"] == "69")


def test_l_etat_des_lieux_de_l_api_compte_le_projet_a_son_etape_a_la_date_demandee(lecteur: Client) -> None:
    reponse = lecteur.get("/api/v1/pilotage/etat-des-lieux", {"region": "84", "date": "2020-04-01"}).json()
    assert (ligne_du_rhone(reponse)["dynamique"], ligne_du_rhone(reponse)["pre_projet_valide"]) == (1, 0)


def test_l_etat_des_lieux_de_l_api_redonne_le_json_de_la_commande(
    lecteur: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("etat-des-lieux", region="84", date="2020-07-01", format="json")
    commande = json.loads(capsys.readouterr().out)
    reponse = lecteur.get("/api/v1/pilotage/etat-des-lieux", {"region": "84", "date": "2020-07-01"}).json()
    assert {cle: reponse[cle] for cle in ("region", "date", "lignes", "total")} == commande


def test_chaque_colonne_du_tableau_est_decrite_par_sa_cle_son_titre_et_sa_nature(lecteur: Client) -> None:
    reponse = lecteur.get("/api/v1/pilotage/paiements", {"region": "84"}).json()
    assert reponse["colonnes"][0] == {"cle": "annee", "titre": "Année", "nature": "texte"}
    assert reponse["colonnes"][-1] == {"cle": "total", "titre": "Total", "nature": "montant"}


def test_une_region_inconnue_est_refusee_en_json_francais(lecteur: Client) -> None:
    reponse = lecteur.get("/api/v1/pilotage/etat-des-lieux", {"region": "99"})
    assert (reponse.status_code, reponse.json()["code"]) == (404, "introuvable")


def test_un_tableau_inconnu_est_refuse_comme_donnee_invalide(lecteur: Client) -> None:
    reponse = lecteur.get("/api/v1/pilotage/inconnu")
    assert (reponse.status_code, reponse.json()["code"]) == (422, "donnees_invalides")


def test_les_tableaux_demandent_un_jeton() -> None:
    assert Client().get("/api/v1/pilotage/couverture-regions").status_code == 401
