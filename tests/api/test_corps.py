import json

import pytest
from django.test import Client

from cpts.comptes import jetons
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.usefixtures("communes")


def _appel(corps: str) -> tuple[int, dict]:
    _, clair = jetons.creer(UtilisateurFactory(), "corps")
    reponse = Client(HTTP_AUTHORIZATION=f"Bearer {clair}").post(
        "/api/v1/territoires/resume", corps, content_type="application/json"
    )
    return reponse.status_code, reponse.json()


def test_le_corps_json_d_un_appel_de_l_api_n_est_lu_qu_une_fois(monkeypatch: pytest.MonkeyPatch) -> None:
    corps = json.dumps({"communes": ["69123", "69266"]})
    lectures = []
    lire = json.loads

    def compter(texte: str | bytes, **options: object) -> object:
        if texte in (corps, corps.encode()):
            lectures.append(texte)
        return lire(texte, **options)

    monkeypatch.setattr(json, "loads", compter)
    statut, donnees = _appel(corps)
    assert (statut, donnees["communes"], len(lectures)) == (200, 2, 1)


def test_des_crochets_dans_les_textes_ne_font_pas_refuser_un_json_peu_imbrique() -> None:
    # Plus de crochets que de niveaux permis, tous dans un texte : le JSON est parcouru, et accepté.
    statut, donnees = _appel(json.dumps({"communes": ["69123", "[" * 40]}))
    assert (statut, donnees["inconnues"]) == (200, ["[" * 40])


def test_un_caractere_nul_echappe_dans_une_cle_est_refuse() -> None:
    statut, donnees = _appel('{"communes": ["69123"], "a\\u0000": 1}')
    assert (statut, donnees["code"]) == (400, "caractere_nul")
