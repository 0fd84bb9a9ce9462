"""Les PDF déposés (contrat signé, avenants, comptes rendus de dialogue de gestion) : contrôle et rangement.

Un fichier n'est accepté que si son contenu est un PDF (il commence par la signature « %PDF- »), quel que soit son
nom ou le type annoncé par le navigateur, et s'il ne dépasse pas la taille permise. Il est rangé sous un nom tiré au
hasard dans le stockage par défaut (`CPTS_DATA_DIR/fichiers`), hors de la racine web : seule une vue qui vérifie les
droits le sert.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models

SIGNATURE_PDF = b"%PDF-"
TAILLE_MAX = 10 * 1024 * 1024
TAILLE_MAX_LIBELLE = "10 Mo"


def valider_pdf(fichier: UploadedFile) -> None:
    """Refuse ce qui n'est pas un PDF, ou un PDF trop lourd, par un message en français."""
    if fichier.size is not None and fichier.size > TAILLE_MAX:
        raise ValidationError(
            f"Le fichier « {fichier.name} » dépasse la taille permise ({TAILLE_MAX_LIBELLE}).", code="trop_lourd"
        )
    if not fichier.size:
        raise ValidationError(f"Le fichier « {fichier.name} » est vide.", code="vide")
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    debut = fichier.read(len(SIGNATURE_PDF))
    fichier.seek(position)
    if debut != SIGNATURE_PDF:
        raise ValidationError(
            f"Le fichier « {fichier.name} » n'est pas un PDF : seuls les documents PDF sont acceptés.", code="pas_pdf"
        )


def erreurs_pdf(fichier: UploadedFile | None) -> list[str]:
    """Les raisons de refuser ce PDF facultatif, à joindre aux autres erreurs d'un formulaire (aucune sans fichier)."""
    if fichier is None:
        return []
    try:
        valider_pdf(fichier)
    except ValidationError as erreur:
        return erreur.messages
    return []


def _ranger(dossier: str, instance: models.Model) -> str:
    """Un dossier par CPTS, un nom tiré au hasard : le nom donné par le navigateur n'est jamais repris."""
    cpts_id = getattr(instance, "cpts_id", None) or instance.contrat.cpts_id
    return f"contrats/cpts-{cpts_id}/{dossier}-{uuid.uuid4().hex}.pdf"


def chemin_contrat(instance: models.Model, _nom: str) -> str:
    return _ranger("contrat-signe", instance)


def chemin_avenant(instance: models.Model, _nom: str) -> str:
    return _ranger("avenant", instance)


def chemin_compte_rendu(instance: models.Model, _nom: str) -> str:
    return _ranger("dialogue-de-gestion", instance)
