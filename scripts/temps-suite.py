"""Durée de toute la suite de tests sur chaque base : `make temps-suite` (SQLite, puis PostgreSQL).

Chaque passage lance pytest comme `make test` (deux processus, pytest-xdist), avec le relevé des tests les plus
longs (`--durations`) ; les contrôles de qualité, Chromium, les paquets des PDF, le fournisseur OpenID Connect et
le serveur PostgreSQL sont prêts avant (prérequis de la cible), hors chronomètre. La sortie de pytest défile telle
quelle ; à la fin, un tableau par base, et `bench/temps-suite.json` (machine, date, durée, bilan de pytest, code de
sortie). Cible de la suite : 8 minutes sur une base, sur une machine à 2 cœurs.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DUREES = 15
BILAN = re.compile(r"^=+ (?P<bilan>.+) in [\d.]+s")


def _passage(base: str, env: dict[str, str], arguments: list[str]) -> dict[str, Any]:
    print(f"\n— Suite sur {base}", flush=True)
    commande = [sys.executable, "-m", "pytest", "-n", "2", f"--durations={DUREES}", *arguments]
    debut = time.monotonic()
    processus = subprocess.Popen(commande, env=env, stdout=subprocess.PIPE, text=True, bufsize=1)
    bilan = ""
    assert processus.stdout is not None
    with processus.stdout:
        for ligne in processus.stdout:
            sys.stdout.write(ligne)
            if trouve := BILAN.match(ligne.strip()):
                bilan = trouve["bilan"]
    code = processus.wait()
    secondes = time.monotonic() - debut
    return {"base": base, "secondes": round(secondes, 1), "duree": _duree(secondes), "bilan": bilan, "code": code}


def _duree(secondes: float) -> str:
    minutes, reste = divmod(round(secondes), 60)
    return f"{minutes} min {reste:02d} s"


def main() -> int:
    parseur = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parseur.add_argument("--postgres", help="adresse du serveur PostgreSQL (sans elle, SQLite seul)")
    parseur.add_argument("--sortie", type=Path, default=Path("bench/temps-suite.json"))
    parseur.add_argument("pytest", nargs="*", help="arguments de plus pour pytest (après --)")
    options = parseur.parse_args()
    # La suite choisit elle-même sa base : rien de l'environnement appelant ne doit la guider.
    env = {cle: valeur for cle, valeur in os.environ.items() if cle != "DATABASE_URL"}
    passages = [_passage("SQLite", env, options.pytest)]
    if options.postgres:
        passages.append(_passage("PostgreSQL", {**env, "DATABASE_URL": options.postgres}, options.pytest))
    resultat = {
        "machine": {
            "coeurs": os.cpu_count(),
            "python": platform.python_version(),
            "systeme": platform.platform(),
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        },
        "cible": "≤ 8 min sur une base (machine à 2 cœurs)",
        "passages": passages,
    }
    options.sortie.parent.mkdir(parents=True, exist_ok=True)
    options.sortie.write_text(json.dumps(resultat, ensure_ascii=False, indent=2) + "\n")
    print("\nDurée de la suite (pytest -n 2) :")
    for passage in passages:
        print(
            f"- {passage['base']} : {passage['duree']} — {passage['bilan'] or 'pas de bilan'} (code {passage['code']})"
        )
    print(f"Écrit dans {options.sortie}.")
    return max(passage["code"] for passage in passages)


if __name__ == "__main__":
    sys.exit(main())
