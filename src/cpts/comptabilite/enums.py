from django.db import models

from cpts.regles.comptabilite.plan import POSTES


class Statut(models.TextChoices):
    BROUILLON = "brouillon", "En préparation"
    DEPOSE = "depose", "Déposés"


class Source(models.TextChoices):
    SAISIE = "saisie", "Saisis à l'écran"
    FEC = "fec", "Importés d'un fichier des écritures comptables (FEC)"


PosteChoix = models.TextChoices("PosteChoix", [(p.code, (p.code, p.libelle)) for p in POSTES])  # type: ignore[misc]
