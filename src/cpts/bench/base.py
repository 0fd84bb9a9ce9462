"""Les bases du banc d'essai : une base vide migrée (modèle des imports mesurés) et la base du jeu, gardée
tant que sa version, sa graine et sa taille ne changent pas (un petit fichier repère le dit).

Tout vit dans le dossier du banc (`var/bench` par défaut, hors dépôt). `DATABASE_URL` peut désigner une autre base
pour le jeu (PostgreSQL par exemple), à condition que son nom contienne « bench » : le banc la vide avant de la
remplir, et refuse toute autre base.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from cpts.bench import jeu
from cpts.territoires.referentiel import DOSSIER_PAR_DEFAUT

PAQUET = Path(__file__).resolve().parent.parent


def fichier_jeu(dossier: Path, petit: bool) -> Path:
    return dossier / f"jeu-{'petit' if petit else 'national'}.sqlite3"


def url_sqlite(fichier: Path) -> str:
    return f"sqlite:///{fichier.resolve()}"


def remplacer_par_copie(source: Path, cible: Path) -> None:
    """`cible` devient une copie de la base SQLite `source`, par l'API de sauvegarde de SQLite : la copie est
    cohérente même si une connexion tient la source (pages encore dans le journal WAL comprises)."""
    for suffixe in ("", "-wal", "-shm"):
        Path(f"{cible}{suffixe}").unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as depart, closing(sqlite3.connect(cible)) as arrivee:
        depart.backup(arrivee)


def environnement(dossier: Path, url: str, secret: str) -> dict[str, str]:
    """Des réglages de production (DEBUG coupé, pas de démo) sur la base du banc, servis en HTTP sur la boucle
    locale : le serveur mesuré et le processus qui le mesure partagent la clé (sessions ouvertes par le banc)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cpts.settings.base",
        "CPTS_ENVIRONNEMENT": "production",
        "DEBUG": "0",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "CPTS_DATA_DIR": str((dossier / "donnees").resolve()),
        "DATABASE_URL": url,
        # django-dsfr avertit à chaque formulaire rendu que son réglage transitoire changera : bruit de bibliothèque.
        "PYTHONWARNINGS": "ignore:Transitional Django setting:UserWarning",
    }


def _empreinte_migrations() -> str:
    noms = sorted(str(chemin.relative_to(PAQUET)) for chemin in PAQUET.glob("*/migrations/0*.py"))
    return hashlib.sha256("\n".join(noms).encode()).hexdigest()[:16]


def base_vide(dossier: Path) -> Path:
    """Une base SQLite migrée et vide, refaite quand les migrations changent : copiée avant chaque import mesuré."""
    fichier = dossier / "vide.sqlite3"
    repere = dossier / "vide.json"
    empreinte = _empreinte_migrations()
    if fichier.exists() and repere.exists() and json.loads(repere.read_text()).get("migrations") == empreinte:
        return fichier
    fichier.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": url_sqlite(fichier)}
    subprocess.run([sys.executable, "-m", "cpts", "migrate", "--verbosity", "0"], env=env, check=True)
    repere.write_text(json.dumps({"migrations": empreinte}))
    return fichier


def _repere_jeu(dossier: Path, petit: bool) -> Path:
    return dossier / f"jeu-{'petit' if petit else 'national'}.json"


def _attendu(petit: bool, graine: int, referentiel: Path) -> dict[str, Any]:
    return {
        "version": jeu.VERSION,
        "graine": graine,
        "petit": petit,
        # Absent (None) pour le référentiel du dépôt : un jeu construit avant que l'option existe reste repris.
        "referentiel": None if referentiel.resolve() == DOSSIER_PAR_DEFAUT.resolve() else str(referentiel.resolve()),
        "migrations": _empreinte_migrations(),
        "base": settings.DATABASES["default"]["NAME"],
    }


def jeu_existant(dossier: Path, petit: bool, graine: int, referentiel: Path) -> dict[str, Any] | None:
    """Le résumé du jeu déjà construit avec ces paramètres, ou None s'il faut le (re)construire."""
    repere = _repere_jeu(dossier, petit)
    if not repere.exists():
        return None
    contenu = json.loads(repere.read_text())
    attendu = _attendu(petit, graine, referentiel)
    return contenu["resume"] if all(contenu.get(cle) == valeur for cle, valeur in attendu.items()) else None


def preparer_base_du_jeu(dossier: Path, petit: bool, base_importee: Path, referentiel: Path) -> None:
    """Une base neuve qui porte déjà le référentiel : la copie de l'import mesuré (SQLite), ou PostgreSQL vidé."""
    config = settings.DATABASES["default"]
    if "bench" not in str(config["NAME"]):
        raise CommandError(
            f"La base {config['NAME']} serait remplacée : pour le banc, nommez une base qui contient « bench »."
        )
    _repere_jeu(dossier, petit).unlink(missing_ok=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        cible = Path(config["NAME"])
        for suffixe in ("", "-wal", "-shm"):
            Path(f"{cible}{suffixe}").unlink(missing_ok=True)
        shutil.copyfile(base_importee, cible)
        return
    from cpts.territoires.importation import importer

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    importer(referentiel)


def noter_jeu(dossier: Path, petit: bool, graine: int, referentiel: Path, resume: dict[str, Any]) -> None:
    _repere_jeu(dossier, petit).write_text(
        json.dumps({**_attendu(petit, graine, referentiel), "resume": resume}, indent=2)
    )
