"""La suite de tests ne peut pas attendre sans fin : chaque test a un délai, et un test bloqué arrête le processus
même quand plus aucun fil Python ne peut tourner."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent

TEST_QUI_GARDE_LE_GIL = """
import ctypes


def test_garde_le_gil():
    # sleep(3) de la bibliothèque C appelé sans rendre le GIL : aucun fil Python ne tourne pendant ce temps.
    ctypes.PyDLL(None).sleep(120)
"""


def test_chaque_test_a_un_delai_surveille_depuis_un_autre_fil(pytestconfig: pytest.Config) -> None:
    assert 0 < float(pytestconfig.getini("timeout")) <= 300
    assert pytestconfig.getini("timeout_method") == "thread"


def test_un_test_qui_garde_le_gil_est_arrete_avec_la_pile_de_chaque_fil(tmp_path: Path) -> None:
    (tmp_path / "test_bloque.py").write_text(TEST_QUI_GARDE_LE_GIL)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {cle: valeur for cle, valeur in os.environ.items() if cle != "DJANGO_SETTINGS_MODULE"}
    commande = [sys.executable, "-m", "pytest", "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path)]
    commande += ["-p", "tests.chien_de_garde", "-p", "no:django", "-p", "no:randomly", "-p", "no:cacheprovider"]
    commande += ["--timeout=1", "-o", "timeout_method=thread", "-o", "chien_de_garde_marge=1"]
    # Sans chien de garde, le minuteur de pytest-timeout attendrait le GIL : le sous-processus dépasserait 60 s.
    resultat = subprocess.run(
        [*commande, str(tmp_path / "test_bloque.py")], cwd=RACINE, env=env, capture_output=True, text=True, timeout=60
    )
    assert resultat.returncode != 0
    assert "Timeout (0:00:02)!" in resultat.stderr
    assert "in test_garde_le_gil" in resultat.stderr


def test_l_integration_continue_arrete_une_etape_trop_longue_et_ses_sous_processus(tmp_path: Path) -> None:
    # Un faux `make` qui lance un sous-processus sans fin, comme un pytest bloqué lancé par make.
    faux_make = tmp_path / "make"
    faux_make.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {tmp_path / 'pid'}\nwait\n")
    faux_make.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "CPTS_CI_LIMITE": "2s"}
    resultat = subprocess.run([RACINE / ".ci" / "run"], env=env, capture_output=True, text=True, timeout=60)
    assert resultat.returncode == 124
    assert "Intégration continue arrêtée : « make test » a dépassé 2s." in resultat.stderr
    assert _mort_sous_peu(int((tmp_path / "pid").read_text()))


def _mort_sous_peu(pid: int) -> bool:
    """Le processus signalé ferme ses sorties (ce qui rend la main à `subprocess.run`) avant d'être compté mort : sur
    une machine chargée, l'ordonnanceur peut le suspendre entre les deux (vu sous la suite entière, 2 cœurs occupés)."""
    for _ in range(100):
        if not _en_vie(pid):
            return True
        time.sleep(0.05)
    return False


def _en_vie(pid: int) -> bool:
    """Un processus arrêté peut rester « zombie » tant que personne ne le récolte : il ne compte pas."""
    try:
        etat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return etat not in ("Z", "X")
