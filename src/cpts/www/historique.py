"""Lecture du journal d'audit (django-simple-history) pour l'affichage : qui, quand, quoi."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from simple_history.utils import get_app_model_primary_key_name

from cpts import affichage
from cpts.preparees import LecturePreparee, Parametre

OPERATIONS = {"+": "Création", "~": "Modification", "-": "Suppression"}


@dataclass(frozen=True)
class Changement:
    champ: str
    avant: object
    apres: object


@dataclass(frozen=True)
class Version:
    date: datetime.datetime
    auteur: str
    operation: str
    changements: list[Changement]


def versions(objet: models.Model) -> list[Version]:
    """Les versions d'un objet, de la plus récente à la plus ancienne, avec ce qui a changé à chacune."""
    enregistrements = _enregistrements(objet)
    resultat = []
    precedent = None
    for enregistrement in enregistrements:
        changements = []
        if precedent is not None:
            delta = enregistrement.diff_against(precedent)
            for change in delta.changes:
                champ = enregistrement.instance_type._meta.get_field(change.field)
                changements.append(
                    Changement(str(champ.verbose_name), lisible(champ, change.old), lisible(champ, change.new))
                )
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


# Une lecture préparée par modèle suivi : la requête de l'historique, jointure de l'auteur comprise, coûtait surtout sa
# compilation par l'ORM (le dixième de la fiche d'une CPTS, pour une seule version).
_LECTURES: dict[type[models.Model], LecturePreparee] = {}


def _enregistrements(objet: models.Model) -> list[Any]:
    """Les enregistrements de l'historique de l'objet, du plus ancien au plus récent, chacun avec son auteur."""
    modele = type(objet)
    lecture = _LECTURES.get(modele)
    if lecture is None:
        historique = modele.historique.model  # type: ignore[attr-defined]
        cle = get_app_model_primary_key_name(objet)
        lecture = _LECTURES.setdefault(
            modele,
            LecturePreparee(
                lambda: (
                    historique.objects.filter(**{cle: Parametre("pk", modele._meta.pk)})
                    .select_related("history_user")
                    .order_by("history_date", "history_id")
                )
            ),
        )
    return lecture.objets(pk=objet.pk)


def lisible(champ: models.Field, valeur: object) -> str:
    """Une valeur de l'historique telle qu'on la dit : libellé d'un choix, « oui », date JJ/MM/AAAA, objet nommé."""
    if valeur is None or valeur == "" or valeur == []:
        return "vide"
    if champ.choices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime.datetime):
        return f"{valeur:%d/%m/%Y %H:%M}"
    if isinstance(valeur, datetime.date):
        return f"{valeur:%d/%m/%Y}"
    if isinstance(valeur, Decimal):
        return affichage.nombre(valeur, max(0, -valeur.as_tuple().exponent))
    if isinstance(valeur, list):
        return ", ".join(str(element) for element in valeur)
    if champ.is_relation and champ.many_to_one:
        objet = champ.related_model._default_manager.filter(pk=valeur).first()
        return str(objet) if objet is not None else f"n° {valeur} (supprimé)"
    return str(valeur)
