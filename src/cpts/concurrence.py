"""Pas de mise à jour perdue quand deux personnes modifient le même objet (verrouillage optimiste).

Chaque objet modifiable porte un numéro de révision, augmenté à chaque enregistrement. La page (champ caché) ou le
client de l'API renvoie la révision qu'il a lue ; à l'enregistrement, la ligne est verrouillée (`select_for_update`)
et la révision comparée : si quelqu'un a enregistré entre-temps, `ModificationConcurrente` est levée avant toute
écriture et la transaction n'écrit rien. Qui a modifié, et quand, se lit dans le journal d'audit
(django-simple-history).
"""

from typing import Any

from django.db import models
from django.utils import timezone

EXCLUS_DU_DETAIL = {"revision", "modifie_le"}


class Revisionne(models.Model):
    """Un objet que plusieurs personnes modifient : sa révision compte ses enregistrements."""

    revision = models.PositiveIntegerField(
        "révision", default=1, editable=False, help_text="Augmente à chaque enregistrement."
    )

    # Le démonstratif et le genre du message de conflit : « Cette fiche a été modifiée… pendant que vous la… ».
    designation = "Cet objet"
    feminin = False

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Tout enregistrement compte, pas seulement ceux des formulaires : une décision d'étape enregistrée pendant
        # qu'on modifie la fiche rend aussi la révision lue périmée.
        if not self._state.adding:
            self.revision += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


class ModificationConcurrente(Exception):
    """La révision lue n'est plus la révision enregistrée : rien n'a été écrit."""

    def __init__(self, message: str, details: list[str], revision: int) -> None:
        super().__init__(message)
        self.message, self.details, self.revision = message, details, revision


def verrouiller(objet: Revisionne, revision_lue: int | None) -> None:
    """Verrouille la ligne de `objet` jusqu'à la fin de la transaction et vérifie qu'elle est encore à la révision
    lue ; sinon lève `ModificationConcurrente`. À appeler dans `transaction.atomic()`, avant d'écrire quoi que ce
    soit."""
    actuelle = type(objet)._default_manager.select_for_update().values_list("revision", flat=True).get(pk=objet.pk)
    # L'objet en mémoire doit aussi être celui de la révision lue : l'enregistrer ne doit rien écraser d'autre.
    if revision_lue == actuelle == objet.revision:
        return
    raise ModificationConcurrente(_message(objet, actuelle), _champs_changes(objet, revision_lue, actuelle), actuelle)


def _derniere_version(objet: Revisionne, revision: int) -> Any:
    return objet.historique.filter(revision=revision).order_by("-history_date", "-history_id").first()


def _message(objet: Revisionne, actuelle: int) -> str:
    version = _derniere_version(objet, actuelle)
    accord, pronom = ("e", "la") if objet.feminin else ("", "le")
    auteur = version.history_user if version is not None else None
    par = f" par {auteur.get_full_name() or auteur.username}" if auteur is not None else ""
    quand = ""
    if version is not None:
        moment = timezone.localtime(version.history_date)
        quand = f" le {moment:%d/%m/%Y} à {moment:%H:%M}"
    return (
        f"{objet.designation} a été modifié{accord}{par}{quand} pendant que vous {pronom} modifiiez : vos "
        "changements n'ont pas été enregistrés. Vérifiez la version actuelle puis enregistrez à nouveau."
    )


def _champs_changes(objet: Revisionne, revision_lue: int | None, actuelle: int) -> list[str]:
    """Les champs changés depuis la révision lue, par leur libellé (vide si elle n'est pas au journal)."""
    # Une révision envoyée par un client peut être n'importe quel entier : seule une révision passée se cherche.
    lue = _derniere_version(objet, revision_lue) if revision_lue is not None and 0 < revision_lue < actuelle else None
    derniere = _derniere_version(objet, actuelle)
    if lue is None or derniere is None:
        return []
    ecart = derniere.diff_against(lue, excluded_fields=EXCLUS_DU_DETAIL & {f.name for f in objet._meta.fields})
    return [f"Modifié entre-temps : {objet._meta.get_field(change.field).verbose_name}" for change in ecart.changes]
