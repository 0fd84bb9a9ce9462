from django.db import models


class NatureVersement(models.TextChoices):
    """La nature d'une ligne de l'échéancier (`cpts.regles.Versement.nature`) ; ses libellés servent partout (pages,
    exports, commandes, simulation)."""

    INTEGRAL = "integral", "Intégral"
    AVANCE = "avance", "Avance"
    SOLDE = "solde", "Solde"


class StatutLigne(models.TextChoices):
    """Où en est une ligne de l'échéancier à une date (calculé, jamais enregistré)."""

    PAYE = "paye", "Payé"
    EXIGIBLE = "exigible", "À payer"
    EN_RETARD = "en_retard", "En retard"
    A_VENIR = "a_venir", "À venir"
    EN_ATTENTE = "en_attente", "Atteinte à retenir"
    TROP_PERCU = "trop_percu", "Trop-perçu"


class OptionContrat(models.TextChoices):
    """Les enveloppes conditionnelles que le contrat choisit (mêmes codes que `cpts.regles.OPTIONS`)."""

    SNP_COMPENSATION = "snp-compensation", "Soins non programmés : compensation des professionnels (ACI 2019)"
    SNP_REGULATION = "snp-regulation", "Soins non programmés : régulation, enveloppe fléchée (ACI 2019)"
    FONCTIONNEMENT_ADDITIONNEL = (
        "fonctionnement-additionnel",
        "Financement additionnel du fonctionnement (avenant 2, montant non vérifié au texte)",
    )


class Sens(models.TextChoices):
    """Le sens dans lequel un indicateur progresse ([ars-aura-guide] : « indicateur croissant / décroissant »)."""

    CROISSANT = "croissant", "Croissant (plus c'est haut, mieux c'est)"
    DECROISSANT = "decroissant", "Décroissant (plus c'est bas, mieux c'est)"


class TypeAlerte(models.TextChoices):
    DEMARRAGE = "demarrage", "Démarrage d'une mission"
    DEPLOIEMENT = "deploiement", "Déploiement complet d'une mission"
    VERSEMENT = "versement", "Versement exigible non payé"
    TROP_PERCU = "trop_percu", "Versé au-delà du dû"
    VALEURS = "valeurs", "Valeurs d'indicateurs manquantes avant le dialogue de gestion"
    SOCLE = "socle", "Mission socle absente du contrat"
    FIN = "fin", "Fin du contrat"


class Niveau(models.TextChoices):
    EN_RETARD = "en_retard", "En retard"
    BIENTOT = "bientot", "Bientôt"
