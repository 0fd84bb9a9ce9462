"""Qui a enregistré une ligne, et quand : le couple `enregistre_par` / `enregistre_le`, écrit une fois pour les
contrats, avenants, dialogues de gestion, versements et décisions d'étape."""

from typing import Any

from django.conf import settings
from django.db import models


def auteur(libelle: str = "enregistré par") -> Any:
    """L'auteur, protégé : un compte qui a enregistré une ligne ne se supprime pas."""
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=libelle)


def instant(libelle: str = "enregistré le") -> Any:
    return models.DateTimeField(libelle, auto_now_add=True)


class Enregistre(models.Model):
    """Une ligne dont on garde l'auteur et l'instant. Un modèle au nom féminin redonne ses libellés par `auteur` et
    `instant` (« enregistrée par ») : le schéma ne change pas."""

    enregistre_par = auteur()
    enregistre_le = instant()

    class Meta:
        abstract = True
