"""Lecture du journal d'audit (django-simple-history) pour l'affichage : qui, quand, quoi."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models

OPERATIONS = {"+": "Création", "~": "Modification", "-": "Suppression"}


@dataclass(frozen=True)
class Changement:
    champ: str
    avant: object
    apres: object


@dataclass(frozen=True)
class Version:
    date: datetime
    auteur: str
    operation: str
    changements: list[Changement]


def versions(objet: models.Model) -> list[Version]:
    """Les versions d'un objet, de la plus récente à la plus ancienne, avec ce qui a changé à chacune."""
    enregistrements = list(objet.historique.select_related("history_user").order_by("history_date", "history_id"))
    resultat = []
    precedent = None
    for enregistrement in enregistrements:
        changements = []
        if precedent is not None:
            delta = enregistrement.diff_against(precedent)
            for change in delta.changes:
                champ = enregistrement.instance_type._meta.get_field(change.field)
                changements.append(Changement(str(champ.verbose_name), change.old, change.new))
        auteur = enregistrement.history_user
        resultat.append(
            Version(
                date=enregistrement.history_date,
                auteur=(auteur.get_full_name() or auteur.username) if auteur else "Système",
                operation=OPERATIONS[enregistrement.history_type],
                changements=changements,
            )
        )
        precedent = enregistrement
    return resultat[::-1]
