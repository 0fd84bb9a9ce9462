"""L'import d'un grand fichier de portefeuille en arrière-plan, avec son avancement, pour la barre de progression.

Un fil d'exécution du serveur fait l'import (essai ou import réel, le même `importer`) et écrit, ligne après ligne,
son avancement dans un petit fichier JSON du dossier des données (`CPTS_DATA_DIR/imports-portefeuille/`) : un fichier
et non la base, parce que l'import tient toute sa transaction ouverte (tout ou rien) et que SQLite n'écrit rien
d'autre pendant ce temps ; lisible aussi par les autres processus du serveur. Le rapport final y est écrit de même.
Chaque import appartient au compte qui l'a lancé ; son jeton est aléatoire. Un redémarrage du serveur pendant l'import
l'interrompt : rien n'est écrit (transaction annulée) et la page le dit.
"""

import dataclasses
import json
import secrets
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from cpts.portefeuille.importation import LigneRapport, Rapport, importer
from cpts.portefeuille.lecture import FichierRefuse


def _dossier() -> Path:
    dossier = Path(settings.DATA_DIR) / "imports-portefeuille"
    dossier.mkdir(parents=True, exist_ok=True)
    return dossier


def _chemin(jeton: str) -> Path | None:
    if not jeton.isalnum() or len(jeton) > 64:
        return None
    return _dossier() / f"{jeton}.json"


def _ecrire(jeton: str, etat: dict[str, Any]) -> None:
    chemin = _chemin(jeton)
    assert chemin is not None
    provisoire = chemin.with_suffix(".tmp")
    provisoire.write_text(json.dumps(etat), encoding="utf-8")
    provisoire.replace(chemin)  # atomique : un lecteur ne voit jamais un fichier à moitié écrit


def etat(jeton: str, auteur: Any) -> dict[str, Any] | None:
    """L'avancement de l'import `jeton` s'il appartient à `auteur` : faites, total, fini, rapport ou erreur."""
    chemin = _chemin(jeton)
    if chemin is None or not chemin.is_file():
        return None
    lu = json.loads(chemin.read_text(encoding="utf-8"))
    return lu if lu["auteur"] == auteur.pk else None


def rapport_de(etat_: dict[str, Any]) -> Rapport:
    brut = etat_["rapport"]
    return Rapport(brut["nom_fichier"], brut["essai"], [LigneRapport(**ligne) for ligne in brut["lignes"]])


def lancer(nom_fichier: str, contenu: bytes, region: str, auteur: Any, *, essai: bool) -> str:
    jeton = secrets.token_hex(16)
    base = {"auteur": auteur.pk, "region": region, "nom": nom_fichier, "essai": essai}
    _ecrire(jeton, {**base, "faites": 0, "total": None, "fini": False})

    def avancer(faites: int, total: int) -> None:
        # Une écriture par pour cent suffit à la barre : pas plus d'une centaine de fichiers écrits par import.
        if faites == total or faites % max(1, total // 100) == 0:
            _ecrire(jeton, {**base, "faites": faites, "total": total, "fini": False})

    def executer() -> None:
        try:
            rapport = importer(nom_fichier, contenu, region, auteur, essai=essai, progression=avancer)
        except FichierRefuse as erreur:
            _ecrire(jeton, {**base, "faites": 0, "total": 0, "fini": True, "erreur": str(erreur)})
        except Exception:
            _ecrire(
                jeton,
                {**base, "faites": 0, "total": 0, "fini": True, "erreur": "L'import a échoué : rien n'a été écrit."},
            )
            raise
        else:
            total = len(rapport.lignes)
            _ecrire(
                jeton,
                {**base, "faites": total, "total": total, "fini": True, "rapport": dataclasses.asdict(rapport)},
            )
        finally:
            connection.close()

    threading.Thread(target=executer, name=f"import-portefeuille-{jeton[:8]}", daemon=True).start()
    return jeton
