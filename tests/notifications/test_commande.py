"""`cpts travailleur` : la commande que lance `make run`, dans un vrai processus, arrêtée par un vrai signal (tuée
net, elle laisse un travail que le travailleur suivant passe en échec)."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.base_neuve import copier_la_base_neuve, environnement_d_installation

pytestmark = pytest.mark.long


@pytest.fixture(scope="module")
def environnement(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Une base SQLite migrée pour le module : une copie de celle de la suite (`tests/base_neuve.py`)."""
    tmp_path = tmp_path_factory.mktemp("travailleur")
    copier_la_base_neuve(tmp_path_factory, tmp_path / "base.sqlite3")
    return environnement_d_installation(tmp_path, f"sqlite:///{tmp_path / 'base.sqlite3'}")


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


def _cpts_shell(environnement: dict[str, str], code: str) -> str:
    resultat = subprocess.run(
        [sys.executable, "-m", "cpts", "shell", "--no-imports", "-c", code],
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return resultat.stdout.strip()


LANCER_UN_LONG_TRAVAIL = """
from cpts.comptes.models import Utilisateur
from cpts.travaux import services
from tests.travaux.taches import dormir
agent = Utilisateur.objects.create(username="agent-du-travail-tue")
print(services.lancer(dormir, genre="essai", cle="essai:tue", demandeur=agent, parametres={}).pk)
"""


# Le statut laissé par le travailleur tué (le travail et sa tâche dans la file), puis, le délai de silence passé,
# celui qu'en donne un tour du suivant.
CONSTATER = """
import json, time
from django_tasks_db.models import DBTaskResult
from cpts.notifications.travailleur import Travailleur
from cpts.travaux.models import Travail
tache = DBTaskResult.objects.filter(task_path="tests.travaux.taches.dormir")
avant = [Travail.objects.get(pk={numero}).statut, tache.get().status]
time.sleep(3.5)
Travailleur(periodiques=()).tour()
apres = Travail.objects.get(pk={numero})
print(json.dumps([*avant, apres.statut, apres.erreur, tache.get().status]))
"""


def test_le_travail_d_un_travailleur_tue_net_et_sa_tache_passent_en_echec_au_tour_du_suivant(
    environnement: dict[str, str],
) -> None:
    # Trois secondes de silence suffisent ici : le travailleur donne signe de vie toutes les demi-secondes.
    environnement = {**environnement, "CPTS_TRAVAUX_SILENCE_MAX": "3"}
    numero = int(_cpts_shell(environnement, LANCER_UN_LONG_TRAVAIL))
    signe = Path(environnement["CPTS_DATA_DIR"]) / "travaux" / f"{numero}.vivant"
    processus = subprocess.Popen(
        [sys.executable, "-m", "cpts", "travailleur", "--intervalle", "0.2"],
        env=environnement,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        limite = time.monotonic() + 90
        while not signe.exists() and time.monotonic() < limite:
            time.sleep(0.2)
        assert signe.exists(), "le travailleur n'a pas commencé le travail"
    finally:
        processus.send_signal(signal.SIGKILL)
        processus.wait(timeout=30)
    travail_avant, tache_avant, travail_apres, erreur, tache_apres = json.loads(
        _cpts_shell(environnement, CONSTATER.format(numero=numero))
    )
    assert (travail_avant, tache_avant) == ("en_cours", "RUNNING")
    assert travail_apres == "echec"
    assert erreur.startswith("Le travail s'est interrompu : le travailleur de fond s'est arrêté")
    assert tache_apres == "FAILED"
