"""`cpts travailleur` : la commande que lance `make run`, dans un vrai processus, arrêtée par un vrai signal."""

import os
import signal
import subprocess
import sys

import pytest

pytestmark = pytest.mark.long


@pytest.fixture(scope="module")
def environnement(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Une base SQLite migrée une fois pour le module (la migration prend du temps sur une machine partagée)."""
    tmp_path = tmp_path_factory.mktemp("travailleur")
    variables = {
        cle: valeur for cle, valeur in os.environ.items() if cle not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    variables.update(CPTS_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'base.sqlite3'}")
    subprocess.run([sys.executable, "-m", "cpts", "migrate", "-v0"], env=variables, check=True, timeout=300)
    return variables


def test_le_travailleur_s_arrete_proprement_sur_sigterm(environnement: dict[str, str]) -> None:
    processus = subprocess.Popen(
        [sys.executable, "-m", "cpts", "travailleur", "--intervalle", "0.2"],
        env=environnement,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert processus.stdout.readline().startswith("Travailleur démarré")
        processus.send_signal(signal.SIGTERM)
        sortie, erreurs = processus.communicate(timeout=30)
    finally:
        processus.kill()
    assert processus.returncode == 0
    assert "SIGTERM reçu : arrêt après la tâche en cours." in erreurs
    assert sortie.strip() == "Travailleur arrêté."


def test_un_intervalle_nul_est_refuse_en_francais(environnement: dict[str, str]) -> None:
    resultat = subprocess.run(
        [sys.executable, "-m", "cpts", "travailleur", "--intervalle", "0"],
        env=environnement,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Toute erreur de la commande cpts sort en code 2, sur une ligne en français (README, « Erreurs et limites »).
    assert resultat.returncode == 2
    assert "--intervalle : indiquez un nombre de secondes positif." in resultat.stderr
