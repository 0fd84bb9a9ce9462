#!/usr/bin/env bash
# Démarre un serveur PostgreSQL local pour les tests (port 54329, données sous var/postgres),
# en l'installant depuis les paquets Debian s'il manque. Sans effet s'il tourne déjà.
# Base : postgres://cpts:cpts@127.0.0.1:54329/cpts
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=54329
DONNEES="$PWD/var/postgres"

bin_postgres() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(bin_postgres)" ]; then
  echo "Installation de PostgreSQL (paquets Debian)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
BIN="$(bin_postgres)"

# initdb refuse de tourner en root : on passe alors par l'utilisateur système postgres.
if [ "$(id -u)" = 0 ]; then
  en_postgres() { runuser -u postgres -- "$@"; }
else
  en_postgres() { "$@"; }
fi

mkdir -p "$DONNEES"
[ "$(id -u)" = 0 ] && chown postgres "$DONNEES"
if [ ! -f "$DONNEES/PG_VERSION" ]; then
  en_postgres "$BIN/initdb" -D "$DONNEES" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! en_postgres "$BIN/pg_ctl" -D "$DONNEES" status >/dev/null 2>&1; then
  en_postgres "$BIN/pg_ctl" -D "$DONNEES" -l "$DONNEES/serveur.log" -w \
    -o "-p $PORT -k $DONNEES -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
fi
psql_admin() { en_postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ -z "$(psql_admin -c "select 1 from pg_roles where rolname = 'cpts'")" ]; then
  psql_admin -c "create role cpts login superuser password 'cpts'"
fi
if [ -z "$(psql_admin -c "select 1 from pg_database where datname = 'cpts'")" ]; then
  psql_admin -c "create database cpts owner cpts"
fi
echo "PostgreSQL prêt : postgres://cpts:cpts@127.0.0.1:$PORT/cpts"
