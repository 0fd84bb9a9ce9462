# Deux commandes pour commencer : `make run` (la plateforme sur http://127.0.0.1:8000, avec la démo)
# et `make test` (toute la suite, contrôles de qualité compris). Voir README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
# Python garde ses fichiers compilés (__pycache__, ignorés par git), même sur une machine qui l'interdit
# (PYTHONDONTWRITEBYTECODE) : sinon chaque processus de la suite (les deux de pytest-xdist, chaque commande `cpts`
# lancée par un test) recompile Django et le projet, 3 à 7 s de calcul à chaque fois.
unexport PYTHONDONTWRITEBYTECODE

# uv s'installe depuis PyPI s'il manque : une machine neuve n'a que Python et pip.
UV := python3 -m uv
CPTS := $(UV) run --frozen cpts
PYTEST := $(UV) run --frozen pytest
POSTGRES_URL := postgres://cpts:cpts@127.0.0.1:54329/cpts

.PHONY: help run preparer test lint format navigateur pdf oidc test-postgres postgres bench temps-suite

help:
	@echo "make run            installe, prépare la base (démo comprise), lance le travailleur et sert http://127.0.0.1:8000"
	@echo "make test           installe les dépendances de test et lance toute la suite"
	@echo "make test-postgres  la même suite sur un serveur PostgreSQL local démarré pour l'occasion"
	@echo "make lint           contrôles de qualité seuls ; make format les corrige"
	@echo "make bench          banc d'essai national (jeu construit une fois dans var/bench) : bench/resultats.json"
	@echo "make temps-suite    durée de toute la suite sur SQLite puis sur PostgreSQL : bench/temps-suite.json"

.venv/.installe: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --frozen
	@touch $@

preparer: .venv/.installe pdf
	$(CPTS) preparer

# Le travailleur (courriels, récapitulatifs) tourne en arrière-plan, le serveur au premier plan ; quitter le serveur
# (Ctrl+C) arrête aussi le travailleur, proprement (SIGTERM : il finit la tâche en cours).
run: preparer
	@$(CPTS) travailleur & travailleur=$$!; \
	trap 'kill -TERM $$travailleur 2>/dev/null; wait $$travailleur' EXIT; \
	trap 'exit 0' INT TERM; \
	$(CPTS) runserver 127.0.0.1:8000

navigateur:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

# Les PDF (WeasyPrint) : Pango pour la mise en page du texte (il amène GLib, HarfBuzz et Fontconfig), et le
# sous-ensembleur de HarfBuzz pour n'embarquer de Marianne que les glyphes utilisés. Paquets Debian, installés
# s'il en manque un.
PAQUETS_PDF := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
pdf:
	@etats=$$(dpkg-query -W -f='$${db:Status-Abbrev}\n' $(PAQUETS_PDF) 2>/dev/null) && ! grep -qv '^ii' <<<"$$etats" \
		|| { apt-get update -qq && apt-get install -y -qq $(PAQUETS_PDF); }

# Le fournisseur OpenID Connect des tests (paquet npm `oidc-provider`, versions verrouillées), lancé par Node.
oidc: tests/oidc/node_modules/.installe

tests/oidc/node_modules/.installe: tests/oidc/package.json tests/oidc/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint: .venv/.installe
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen ruff check .
	$(UV) run --frozen djlint src/cpts --check
	$(UV) run --frozen djlint src/cpts --lint
	$(UV) run --frozen mypy --strict src/cpts/regles
	$(PYTEST) -q -p no:randomly -p no:cacheprovider tests/test_architecture.py
	CPTS_ENVIRONNEMENT=test $(CPTS) makemigrations --check --dry-run

format: .venv/.installe
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen djlint src/cpts --reformat

# Deux processus (pytest-xdist), un par cœur : chacun a sa base de test ; le référentiel des communes y est importé
# par le premier, posé depuis ses lignes par l'autre (`tests/instantane.py`). Chacun prend la moitié de la suite, les
# modules longs en tête (`tests/conftest.py`) ; celui qui a fini prend la moitié de ce qui reste à l'autre
# (worksteal) : ils finissent ensemble.
test: .venv/.installe navigateur pdf oidc lint
	$(PYTEST) -n 2 --dist worksteal

postgres:
	@scripts/postgres-local.sh

test-postgres: postgres
	DATABASE_URL=$(POSTGRES_URL) $(MAKE) test

bench: .venv/.installe
	$(CPTS) bench

# La durée de la suite sur chaque base (pytest comme `make test`, tests les plus longs relevés), préparatifs hors
# chronomètre : tableau en fin de sortie et bench/temps-suite.json.
temps-suite: .venv/.installe navigateur pdf oidc lint postgres
	$(UV) run --frozen python scripts/temps-suite.py --postgres $(POSTGRES_URL)
