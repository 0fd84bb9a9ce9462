"""Les règles sont du Python pur : aucun module de `cpts.regles` ne charge Django."""

import os
import subprocess
import sys

PROGRAMME = """
import pkgutil, sys
import cpts.regles
for module in pkgutil.walk_packages(cpts.regles.__path__, "cpts.regles."):
    __import__(module.name)
cpts.regles.referentiel()
print(sorted(nom for nom in sys.modules if nom.split(".")[0] == "django"))
"""


def test_aucun_module_des_regles_n_importe_django() -> None:
    environnement = {cle: valeur for cle, valeur in os.environ.items() if cle != "DJANGO_SETTINGS_MODULE"}

    resultat = subprocess.run(
        [sys.executable, "-c", PROGRAMME], capture_output=True, text=True, env=environnement, check=True
    )

    assert resultat.stdout.strip() == "[]"
