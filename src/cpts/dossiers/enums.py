from django.db import models


class Etape(models.TextChoices):
    """Étapes d'un projet de CPTS (seed 001 « LES ÉTAPES », seed 002 « 2.1 »)."""

    DYNAMIQUE = "dynamique", "Dynamique (réflexion)"
    LETTRE_INTENTION = "lettre_intention", "Lettre d'intention (pré-projet déposé)"
    PRE_PROJET_VALIDE = "pre_projet_valide", "Pré-projet validé"
    PROJET_SANTE_DEPOSE = "projet_sante_depose", "Projet de santé déposé"
    PROJET_SANTE_VALIDE = "projet_sante_valide", "Projet de santé validé"
    CONTRAT_SIGNE = "contrat_signe", "Contrat ACI signé"
    ABANDONNE = "abandonne", "Abandonné"
    FUSIONNE = "fusionne", "Fusionné"


ETAPES_FERMEES = frozenset({Etape.ABANDONNE, Etape.FUSIONNE})
