import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def test_la_fin_du_rapport_redonne_la_graine_de_l_ordre_des_tests_meme_en_mode_silencieux(tmp_path: Path) -> None:
    (tmp_path / "test_suite.py").write_text("def test_un():\n    assert True\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {cle: valeur for cle, valeur in os.environ.items() if cle != "DJANGO_SETTINGS_MODULE"}
    commande = [sys.executable, "-m", "pytest", "-q", "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path)]
    commande += ["-p", "tests.graine", "-p", "no:django", "-p", "randomly", "-p", "no:cacheprovider"]
    resultat = subprocess.run(
        [*commande, "--randomly-seed=1234", str(tmp_path / "test_suite.py")],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Ordre des tests : --randomly-seed=1234" in resultat.stdout, resultat.stdout[-3000:]
