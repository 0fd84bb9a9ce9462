#!/usr/bin/env bash
# Refait les fichiers de portefeuille de la démonstration (src/cpts/demo/portefeuilles/*.csv) depuis les tableaux
# publiés (cpts.demo.fabrique) : il faut le référentiel des communes en base (`cpts preparer` l'y met). À relancer
# seulement quand la fabrique change ; les fichiers sont versionnés et relus par `cpts demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m uv run --frozen cpts shell -c "from cpts.demo.fabrique import ecrire; print(*ecrire(), sep='\n')"
