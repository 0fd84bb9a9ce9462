"""Une configuration fausse donne une ligne en français qui dit quoi régler, un code d'erreur, et pas de trace."""

import subprocess
import sys
from pathlib import Path

import pytest

from cpts.settings.environnement import base_de_donnees
from tests.base_neuve import environnement_d_installation


def cpts(dossier: Path, *arguments: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """La commande lancée comme sur une installation dont `dossier` est le dossier de données."""
    return subprocess.run(
        [sys.executable, "-m", "cpts", *arguments],
        env=environnement_d_installation(dossier) | variables,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "attendu"),
    [
        ({"DATABASE_URL": "mysql-ou-presque://x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://utilisateur@hote:port-invalide/base"}, "DATABASE_URL"),
        (
            {"CPTS_ENVIRONNEMENT": "production", "ALLOWED_HOSTS": "cpts.exemple.fr"},
            "SECRET_KEY est obligatoire",
        ),
        ({"CPTS_ENVIRONNEMENT": "production", "SECRET_KEY": "x7Kq2" * 12}, "ALLOWED_HOSTS est obligatoire"),
        ({"CPTS_ENVIRONNEMENT": "recette"}, "CPTS_ENVIRONNEMENT"),
        ({"DEBUG": "peut-etre"}, "DEBUG"),
        ({"PROCONNECT_ISSUER": "https://auth.exemple.gouv.fr"}, "PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET"),
        (
            {"PROCONNECT_ISSUER": "https://auth.exemple.gouv.fr", "PROCONNECT_CLIENT_ID": "x"}
            | {"PROCONNECT_CLIENT_SECRET": "y", "PROCONNECT_EMAIL_VERIFIE": "peut-etre"},
            "PROCONNECT_EMAIL_VERIFIE vaut « peut-etre »",
        ),
        (
            {"PRO_SANTE_CONNECT_ISSUER": "auth.exemple.fr", "PRO_SANTE_CONNECT_CLIENT_ID": "x"}
            | {"PRO_SANTE_CONNECT_CLIENT_SECRET": "y"},
            "PRO_SANTE_CONNECT_ISSUER",
        ),
    ],
)
def test_une_configuration_invalide_est_refusee_en_une_ligne(
    tmp_path: Path, variables: dict[str, str], attendu: str
) -> None:
    resultat = cpts(tmp_path, "check", **variables)
    assert resultat.returncode == 1
    assert attendu in resultat.stderr
    assert resultat.stderr.count("\n") == 1
    assert "Traceback" not in resultat.stderr


def test_un_postgresql_injoignable_est_signale_en_une_ligne(tmp_path: Path) -> None:
    resultat = cpts(tmp_path, "migrate", DATABASE_URL="postgres://cpts:cpts@127.0.0.1:1/cpts")
    assert resultat.returncode == 1
    assert resultat.stderr.startswith("Base de données injoignable")
    assert resultat.stderr.count("\n") == 1


def test_une_base_sqlite_garde_sa_connexion_d_une_requete_a_l_autre(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Une connexion neuve relit tout le schéma à sa première requête (2 à 4 ms) : ouverte à chaque requête, elle
    coûtait plus que la plus petite page d'un utilisateur connecté."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cpts.sqlite3'}")
    config = base_de_donnees(tmp_path)
    assert config["CONN_MAX_AGE"] > 0
    assert config["CONN_HEALTH_CHECKS"] is True
