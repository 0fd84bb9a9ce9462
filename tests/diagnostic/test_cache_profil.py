"""Le profil gardé en cache (et son JSON, que l'API sert tel quel) ne survit pas à un import d'indicateurs ni à un
autre seuil du secret, ce que les profils d'un département partagent non plus, et le JSON gardé suit le schéma
déclaré de l'API."""

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from cpts.api.diagnostic import ProfilSortie
from cpts.comptes.jetons import creer
from cpts.diagnostic.importation import importer
from cpts.diagnostic.models import Niveau, Valeur
from cpts.diagnostic.presentation import cases
from cpts.diagnostic.profil import LigneProfil, demande, profil
from cpts.diagnostic.version import version_indicateurs
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.test_import import fichier
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.usefixtures("communes")
COMMUNES = ["69062", "69078"]


def importer_patients(nombre: str) -> None:
    lignes = [{"code": code, "valeur": nombre} for code in COMMUNES]
    assert not importer("p.csv", fichier(*lignes), UtilisateurFactory(administrateur=True)).refuse


def patients(codes: list[str] = COMMUNES) -> str:
    return cases(ligne_patients(codes))[0]


def ligne_patients(codes: list[str]) -> LigneProfil:
    return next(li for theme in profil(codes).themes for li in theme.lignes if li.code == "diabete_patients")


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


def test_un_autre_seuil_du_secret_ne_sert_pas_le_profil_garde_sous_l_ancien(settings: Any) -> None:
    importer_patients("8")
    assert patients() == "secret statistique"

    settings.CPTS_SEUIL_SECRET = 5

    assert patients() == "16"


def test_une_valeur_du_rhone_importee_apres_un_premier_profil_du_departement_y_est_servie() -> None:
    importer_patients("40")
    assert cases(ligne_patients(COMMUNES))[1] == "—"

    rhone = {"niveau": "departement", "code": "69", "valeur": "5 000"}
    assert not importer("d.csv", fichier(rhone), UtilisateurFactory(administrateur=True)).refuse

    assert cases(ligne_patients(["69266"]))[1] == "5\u202f000"


def test_le_profil_d_une_autre_composition_du_departement_ne_relit_que_ses_communes_et_leurs_sommes(
    django_assert_max_num_queries: Any,
) -> None:
    importer_patients("40")
    profil(COMMUNES)

    # Les versions, la commune jamais lue et les sommes : les indicateurs, les valeurs du Rhône, de la région, de la
    # France et des CPTS du département sont déjà en mémoire.
    with django_assert_max_num_queries(3):
        assert patients(["69062", "69266"]) == "non disponible"
    # Des communes déjà lues : les versions et les sommes.
    with django_assert_max_num_queries(2):
        assert patients(["69062"]) == "40"


def importer_la_commune_et_le_rhone() -> None:
    # Le Rhône moins Coise (affichée) laisse 5 patients : masqué en complément sous un seuil de 11, pas sous 3.
    lignes = [{"code": "69062", "valeur": "40"}, {"niveau": "departement", "code": "69", "valeur": "45"}]
    assert not importer("d.csv", fichier(*lignes), UtilisateurFactory(administrateur=True)).refuse


def rhone() -> str:
    return cases(ligne_patients(["69062"]))[1]


def test_apres_un_changement_du_seuil_aucune_valeur_publiee_ne_s_affiche_sous_l_ancien_masquage(
    settings: Any,
) -> None:
    settings.CPTS_SEUIL_SECRET = 3
    importer_la_commune_et_le_rhone()
    assert rhone() == "45"

    settings.CPTS_SEUIL_SECRET = 11

    assert rhone() == "secret statistique"


def test_la_migration_du_deploiement_recalcule_le_masquage_complementaire_sous_le_nouveau_seuil(
    settings: Any,
) -> None:
    importer_la_commune_et_le_rhone()
    assert rhone() == "secret statistique"
    settings.CPTS_SEUIL_SECRET = 3

    call_command("migrate", verbosity=0)

    assert not Valeur.objects.get(niveau=Niveau.DEPARTEMENT).masque_complementaire
    assert rhone() == "45"
