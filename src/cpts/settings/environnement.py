"""Lecture de la configuration depuis l'environnement (12-factor).

Chaque erreur de configuration devient une `ConfigurationInvalide` au message d'une ligne, en
français, qui dit quoi régler : la commande `cpts` l'affiche sans trace de pile.
"""

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

ENVIRONNEMENTS = ("local", "test", "production")
SCHEMAS_ACCEPTES = ("postgres", "postgresql", "pgsql", "sqlite")


class ConfigurationInvalide(ImproperlyConfigured):
    pass


def environnement() -> str:
    valeur = os.environ.get("CPTS_ENVIRONNEMENT", "local")
    if valeur not in ENVIRONNEMENTS:
        raise ConfigurationInvalide(
            f"CPTS_ENVIRONNEMENT vaut « {valeur} » : choisissez parmi {', '.join(ENVIRONNEMENTS)}."
        )
    return valeur


def booleen(nom: str, defaut: bool = False) -> bool:
    valeur = os.environ.get(nom)
    if valeur is None or valeur == "":
        return defaut
    if valeur.lower() in ("1", "true", "oui", "on"):
        return True
    if valeur.lower() in ("0", "false", "non", "off"):
        return False
    raise ConfigurationInvalide(f"{nom} vaut « {valeur} » : indiquez 1 (activé) ou 0 (désactivé).")


def defini(nom: str) -> bool:
    return bool(os.environ.get(nom))


def texte(nom: str, defaut: str = "") -> str:
    return os.environ.get(nom, "").strip() or defaut


def entier(nom: str, defaut: int) -> int:
    valeur = os.environ.get(nom)
    if not valeur:
        return defaut
    try:
        return int(valeur)
    except ValueError:
        raise ConfigurationInvalide(f"{nom} vaut « {valeur} » : indiquez un nombre entier.") from None


def liste(nom: str, defaut: list[str]) -> list[str]:
    valeur = os.environ.get(nom)
    if not valeur:
        return defaut
    return [element.strip() for element in valeur.split(",") if element.strip()]


def dossier_donnees() -> Path:
    """Dossier des données locales : base SQLite, clé secrète, fichiers déposés."""
    valeur = os.environ.get("CPTS_DATA_DIR")
    if valeur:
        dossier = Path(valeur).expanduser()
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        dossier = base / "pilotage-cpts"
    dossier.mkdir(parents=True, exist_ok=True)
    return dossier


def base_de_donnees(dossier: Path) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{dossier / 'cpts.sqlite3'}"
    exemple = "par exemple postgres://utilisateur:motdepasse@hote:5432/base ou sqlite:////chemin/cpts.sqlite3"
    schema = urlsplit(url).scheme
    if schema not in SCHEMAS_ACCEPTES:
        raise ConfigurationInvalide(
            f"DATABASE_URL utilise le schéma « {schema or 'aucun'} », non pris en charge : indiquez {exemple}."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as erreur:
        raise ConfigurationInvalide(f"DATABASE_URL est invalide ({erreur}) : indiquez {exemple}.") from None
    if not config.get("NAME"):
        raise ConfigurationInvalide(f"DATABASE_URL ne nomme pas de base : indiquez {exemple}.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # La connexion reste ouverte d'une requête à l'autre, comme sur PostgreSQL : la première requête d'une
        # connexion neuve relit tout le schéma (une centaine de tables, trois cents index), 2 à 4 ms, plus que la
        # plus petite page entière. Une restauration réécrit la base en place : aucune connexion ne garde l'ancienne.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    return config


def cle_faible(cle: str) -> bool:
    """Les critères du contrôle de déploiement de Django (security.W009), rendus bloquants en production."""
    return len(cle) < 50 or len(set(cle)) < 5 or cle.startswith("django-insecure-")


def cle_secrete(env: str, dossier: Path) -> str:
    valeur = os.environ.get("SECRET_KEY")
    if valeur:
        if env == "production" and cle_faible(valeur):
            raise ConfigurationInvalide(
                "SECRET_KEY est trop faible pour la production : au moins 50 caractères aléatoires (au moins 5 "
                "différents, sans le préfixe « django-insecure- »), par exemple "
                "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
            )
        return valeur
    if env == "production":
        raise ConfigurationInvalide(
            "SECRET_KEY est obligatoire en production : définissez la variable d'environnement SECRET_KEY "
            "(au moins 50 caractères aléatoires)."
        )
    # En local, la clé est créée au premier lancement puis relue : les sessions survivent aux redémarrages.
    fichier = dossier / "secret_key"
    if not fichier.exists():
        fichier.write_text(secrets.token_urlsafe(64))
        fichier.chmod(0o600)
    return fichier.read_text().strip()
