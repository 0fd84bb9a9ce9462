"""Durcissement web : CSP stricte, limitation des connexions, réglages de production sans avertissement."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.base_neuve import environnement_d_installation
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_la_politique_de_contenu_refuse_scripts_et_styles_en_ligne(client: Client) -> None:
    politique = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in politique
    assert "style-src 'self'" in politique
    assert "unsafe-inline" not in politique


@pytest.mark.usefixtures("communes")
@pytest.mark.parametrize(
    "page", ["/", "/comptes/login/", "/territoires/composer/", "/territoires/couverture/", "/cpts/"]
)
def test_les_pages_n_ont_ni_script_ni_style_en_ligne(client: Client, page: str) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    html = client.get(page).content.decode()
    scripts_en_ligne = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert scripts_en_ligne == []
    assert re.findall(r"\sstyle=\"", html) == []


def test_cinq_echecs_de_connexion_suspendent_le_compte(client: Client) -> None:
    UtilisateurFactory(username="camille", password="le-bon-mot-de-passe")
    for _ in range(5):
        client.post(reverse("login"), {"username": "camille", "password": "faux"})
    reponse = client.post(reverse("login"), {"username": "camille", "password": "le-bon-mot-de-passe"})
    assert reponse.status_code == 429
    assert "Connexion suspendue" in reponse.content.decode()


def test_les_reglages_de_production_passent_check_deploy_sans_avertissement(tmp_path: Path) -> None:
    resultat = _production(tmp_path, "-m", "cpts", "check", "--deploy", "--fail-level", "WARNING")
    assert resultat.returncode == 0, resultat.stderr


def test_un_caractere_nul_dans_un_formulaire_est_refuse_en_400(client: Client) -> None:
    client.force_login(UtilisateurFactory())
    reponse = client.post("/territoires/composer/ajouter/", {"code": "69\x00123"})
    assert reponse.status_code == 400
    assert "caractère nul" in reponse.content.decode()


def test_un_caractere_nul_dans_le_json_de_l_api_est_refuse_en_400() -> None:
    from cpts.comptes import jetons

    _, clair = jetons.creer(UtilisateurFactory(), "nul")
    reponse = Client(HTTP_AUTHORIZATION=f"Bearer {clair}").post(
        "/api/v1/territoires/resume", '{"communes": ["69\\u0000123"]}', content_type="application/json"
    )
    assert (reponse.status_code, reponse.json()["code"]) == (400, "caractere_nul")


def _production(tmp_path: Path, *arguments: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Python lancé avec les réglages d'une installation de production (ni ceux des tests, ni
    DJANGO_ALLOW_ASYNC_UNSAFE que pose Chromium, fixture `navigateur`, s'il a déjà tourné dans ce processus : la
    production la refuse)."""
    environnement = environnement_d_installation(tmp_path) | {
        "CPTS_ENVIRONNEMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "cpts.exemple.fr",
        **variables,
    }
    return subprocess.run([sys.executable, *arguments], env=environnement, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("variables", "attendu"),
    [
        ({"SECRET_KEY": "court"}, "SECRET_KEY est trop faible"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY est trop faible"),
        ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)}, "SECRET_KEY est trop faible"),
        ({"DEBUG": "1"}, "DEBUG=1 est interdit en production"),
    ],
)
def test_la_production_refuse_de_demarrer_avec_une_cle_faible_ou_le_mode_debug(
    tmp_path: Path, variables: dict[str, str], attendu: str
) -> None:
    resultat = _production(tmp_path, "-m", "cpts", "check", **variables)
    assert resultat.returncode == 1
    assert attendu in resultat.stderr
    assert resultat.stderr.count("\n") == 1
    assert "Traceback" not in resultat.stderr


SONDE = """
import django
django.setup()
from django.test import Client
for chemin in ("/sante/", "/comptes/login/"):
    reponse = Client(HTTP_HOST="cpts.exemple.fr").get(chemin)
    print(chemin, reponse.status_code)
"""


def test_la_sonde_de_sante_repond_en_http_simple_en_production(tmp_path: Path) -> None:
    resultat = _production(tmp_path, "-c", SONDE, DJANGO_SETTINGS_MODULE="cpts.settings.base")
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split("\n")[:2] == ["/sante/ 200", "/comptes/login/ 301"]
