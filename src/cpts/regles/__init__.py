"""Règles de financement des CPTS (ACI 2019 et avenants), en Python pur.

Ce paquet n'importe rien de Django : le reste de l'application l'appelle, il n'appelle rien. Les
montants, seuils, taux et délais sont des données datées et référencées (`parametres/*.yaml`, un
fichier par texte) ; ajouter un avenant, c'est ajouter un fichier et ses tests.
"""

from cpts.regles.bareme import OPTIONS
from cpts.regles.comparaison import Comparaison, LigneComparee, comparer
from cpts.regles.delais import Alerte, EcheanceMission, SuiviMission, alertes_delais, echeances_missions
from cpts.regles.echeancier import Contrat, Versement, avertissements_echeancier, echeancier
from cpts.regles.erreurs import EntreeInvalide, ParametresInvalides
from cpts.regles.montants import Financement, Ligne, montants_annuels
from cpts.regles.parametres import referentiel
from cpts.regles.taille import taille

__all__ = [
    "OPTIONS",
    "Alerte",
    "Comparaison",
    "Contrat",
    "EcheanceMission",
    "EntreeInvalide",
    "Financement",
    "Ligne",
    "LigneComparee",
    "ParametresInvalides",
    "SuiviMission",
    "Versement",
    "alertes_delais",
    "avertissements_echeancier",
    "comparer",
    "echeances_missions",
    "echeancier",
    "montants_annuels",
    "referentiel",
    "taille",
]
