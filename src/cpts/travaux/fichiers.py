"""Les petits fichiers d'un travail en cours (avancement, signe de vie), dans le dossier des données
(`CPTS_DATA_DIR/travaux/`) : un autre processus (le serveur, un autre travailleur) les lit pendant que le travail tient
sa transaction ouverte. Le signe de vie d'une tâche de la file (django-tasks), elle, va dans `CPTS_DATA_DIR/taches/`."""

import uuid
from pathlib import Path

from django.conf import settings


def chemin(travail_id: int, suffixe: str) -> Path:
    return Path(settings.DATA_DIR) / "travaux" / f"{int(travail_id)}.{suffixe}"


def chemin_de_tache(tache_id: object, suffixe: str) -> Path:
    # L'identifiant d'une tâche de la file est un UUID : relu comme tel, il ne peut désigner un autre dossier.
    return Path(settings.DATA_DIR) / "taches" / f"{uuid.UUID(str(tache_id))}.{suffixe}"


def ecrire(fichier: Path, texte: str) -> None:
    fichier.parent.mkdir(parents=True, exist_ok=True)
    provisoire = fichier.with_name(fichier.name + ".tmp")
    provisoire.write_text(texte, encoding="utf-8")
    provisoire.replace(fichier)  # atomique : le lecteur ne voit jamais un fichier à moitié écrit


def lire(fichier: Path) -> str | None:
    try:
        return fichier.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
