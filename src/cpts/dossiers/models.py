from django.db import models
from simple_history.models import HistoricalRecords

from cpts.comptes.droits import Perimetre, QuerySetPerimetre
from cpts.dossiers.enums import Etape


class Cpts(models.Model):
    """Un projet de CPTS, de la dynamique au contrat signé."""

    nom = models.CharField("nom", max_length=200)
    departement = models.CharField("département principal", max_length=3)
    region = models.CharField("région", max_length=3)
    etape = models.CharField("étape", max_length=30, choices=Etape.choices, default=Etape.DYNAMIQUE)
    historique = HistoricalRecords()

    objects = QuerySetPerimetre.as_manager()
    perimetre = Perimetre(region="region", departement="departement", cpts="pk")

    class Meta:
        verbose_name = "CPTS"
        verbose_name_plural = "CPTS"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["nom", "departement"], name="cpts_nom_unique_par_departement")]

    def __str__(self) -> str:
        return self.nom
