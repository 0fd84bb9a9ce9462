"""Les modèles des documents du dossier, champ par champ, d'après le guide de l'ARS Auvergne-Rhône-Alpes
([ars-aura-guide]) : pré-projet (annexe 3, 14 items), projet de santé (annexe 4), fiche action (« Modèle de fiche
action ») et budget prévisionnel (plan comptable des associations, règlement CRC n° 99-01).

Un modèle dit quels champs saisir, lesquels sont requis au dépôt, et quelles annexes le dépôt fige depuis le
dossier (territoire, membres, association, fiches action, budgets). Les formulaires, la complétude, le PDF et
l'export lisent tous ce même modèle, par le nom du paquet (`from cpts.dossiers import documents`).
"""

from cpts.dossiers.documents.budget import (
    BUDGET,
    CHARGES,
    CONTRIBUTIONS,
    DONT_COTISATIONS,
    EMPLOIS_CONTRIBUTIONS,
    PRODUITS,
    Compte,
)
from cpts.dossiers.documents.champs import Annexe, Champ, Genre, ModeleDocument, Section
from cpts.dossiers.documents.modeles import (
    AIDE_DIAGNOSTIC,
    CHARGES_PRE_PROJET,
    DIAGNOSTIC,
    FICHE_ACTION,
    MODELES,
    PRE_PROJET,
    PRODUITS_PRE_PROJET,
    PROJET_SANTE,
    modele,
)
from cpts.dossiers.documents.valeurs import (
    TotauxBudget,
    date_de,
    manquants,
    montant,
    totaux_budget,
    totaux_pre_projet,
    vide,
)

__all__ = [
    "AIDE_DIAGNOSTIC",
    "BUDGET",
    "CHARGES",
    "CHARGES_PRE_PROJET",
    "CONTRIBUTIONS",
    "DIAGNOSTIC",
    "DONT_COTISATIONS",
    "EMPLOIS_CONTRIBUTIONS",
    "FICHE_ACTION",
    "MODELES",
    "PRE_PROJET",
    "PRODUITS",
    "PRODUITS_PRE_PROJET",
    "PROJET_SANTE",
    "Annexe",
    "Champ",
    "Compte",
    "Genre",
    "ModeleDocument",
    "Section",
    "TotauxBudget",
    "date_de",
    "manquants",
    "modele",
    "montant",
    "totaux_budget",
    "totaux_pre_projet",
    "vide",
]
