"""Le profil gardé en cache (et son JSON, que l'API sert tel quel) ne survit pas à un import d'indicateurs, et le
JSON gardé suit le schéma déclaré de l'API."""

import pytest
from django.test import Client

from cpts.api.diagnostic import ProfilSortie
from cpts.comptes.jetons import creer
from cpts.diagnostic.importation import importer
from cpts.diagnostic.presentation import cases
from cpts.diagnostic.profil import demande, profil
from cpts.diagnostic.version import version_indicateurs
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.test_import import fichier
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.usefixtures("communes")
COMMUNES = ["69062", "69078"]


def importer_patients(nombre: str) -> None:
    lignes = [{"code": code, "valeur": nombre} for code in COMMUNES]
    assert not importer("p.csv", fichier(*lignes), UtilisateurFactory(administrateur=True)).refuse


def patients() -> str:
    ligne = next(li for theme in profil(COMMUNES).themes for li in theme.lignes if li.code == "diabete_patients")
    return cases(ligne)[0]


def test_un_import_d_indicateurs_change_la_version_des_valeurs() -> None:
    avant = version_indicateurs()
    importer_patients("40")
    assert version_indicateurs() != avant


def test_apres_un_import_le_profil_garde_n_est_plus_servi() -> None:
    importer_patients("40")
    assert patients() == "80"

    importer_patients("50")

    assert patients() == "100"


def test_le_json_garde_que_l_api_sert_tel_quel_suit_le_schema_declare(client: Client) -> None:
    importer_patients("40")
    jeton = creer(UtilisateurFactory(), "essai")[1]

    def lire() -> object:
        return client.post(
            "/api/v1/diagnostic/profil",
            {"communes": COMMUNES},
            content_type="application/json",
            headers={"Authorization": f"Bearer {jeton}"},
        )

    premiere, seconde = lire(), lire()

    assert premiere.content == seconde.content  # type: ignore[attr-defined]
    assert premiere["Content-Type"].startswith("application/json")  # type: ignore[index]
    ProfilSortie.model_validate(premiere.json())  # type: ignore[attr-defined]


def test_une_cpts_changee_de_departement_rend_caducs_les_profils_gardes() -> None:
    cpts = CptsFactory(departement="69")
    avant = demande(COMMUNES).cle

    cpts.departement = "42"
    cpts.save()

    assert demande(COMMUNES).cle != avant
