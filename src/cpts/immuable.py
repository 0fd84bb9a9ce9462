"""Les lignes qui font foi : écrites une fois, ni modifiées ni supprimées (décisions, dépôts, versements, journaux)."""

from django.core.exceptions import ValidationError
from django.db import models


class Immuable(models.Model):
    """Une ligne écrite une fois : ni modifiée, ni supprimée (journal des décisions)."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValidationError(f"Une ligne « {self._meta.verbose_name} » ne se modifie pas : elle fait foi.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError(f"Une ligne « {self._meta.verbose_name} » ne se supprime pas : elle fait foi.")
