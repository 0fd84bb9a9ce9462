"""Arithmétique de la commission paritaire régionale (CPR) des CPTS, en Python pur, une section par module.

Composition (parité des voix, part du régime général, sièges des centres de santé, URPS de professions
différentes), présidence par année civile, délais de convocation et d'ordre du jour, quorum, délégations,
majorité et partage des voix. Chaque valeur vient de `parametres/commission/commission.yaml`, datée et
référencée ; les valeurs reprises d'une autre commission paritaire y sont marquées `analogie`.

Aucun import de Django : les modèles et les vues appellent ce paquet, jamais l'inverse. Il se lit par son nom
(`from cpts.regles import commission`) : les modules de ses sections ne s'importent pas du dehors.
"""

from cpts.regles.commission.composition import (
    BilanComposition,
    BilanProfessionnelle,
    BilanSociale,
    Controle,
    SiegeConsultatif,
    SiegeVotant,
    bilan_composition,
)
from cpts.regles.commission.deliberation import (
    Emargement,
    EtatDeliberation,
    EtatSection,
    Presence,
    etat_deliberation,
    quorum_requis,
    refus_delegations,
)
from cpts.regles.commission.parametres import (
    FICHIER_PARAMETRES,
    FONDEMENTS,
    Parametre,
    ParametreAbsent,
    charger,
    parametre,
    parametres,
    valeur,
)
from cpts.regles.commission.presidence import section_presidente
from cpts.regles.commission.reunions import (
    AlerteReunions,
    alerte_reunions,
    date_limite_convocation,
    date_limite_ordre_du_jour,
    date_limite_releve,
    refus_convocation,
    refus_ordre_du_jour,
)
from cpts.regles.commission.scrutin import (
    LIBELLES_ISSUE,
    Bulletin,
    Choix,
    Decompte,
    Issue,
    Resultat,
    decompter,
    resultat_scrutin,
)
from cpts.regles.commission.vocabulaire import CATEGORIES_CONSULTATIVES, Regime, Section, Statut

__all__ = [
    "CATEGORIES_CONSULTATIVES",
    "FICHIER_PARAMETRES",
    "FONDEMENTS",
    "LIBELLES_ISSUE",
    "AlerteReunions",
    "BilanComposition",
    "BilanProfessionnelle",
    "BilanSociale",
    "Bulletin",
    "Choix",
    "Controle",
    "Decompte",
    "Emargement",
    "EtatDeliberation",
    "EtatSection",
    "Issue",
    "Parametre",
    "ParametreAbsent",
    "Presence",
    "Regime",
    "Resultat",
    "Section",
    "SiegeConsultatif",
    "SiegeVotant",
    "Statut",
    "alerte_reunions",
    "bilan_composition",
    "charger",
    "date_limite_convocation",
    "date_limite_ordre_du_jour",
    "date_limite_releve",
    "decompter",
    "etat_deliberation",
    "parametre",
    "parametres",
    "quorum_requis",
    "refus_convocation",
    "refus_delegations",
    "refus_ordre_du_jour",
    "resultat_scrutin",
    "section_presidente",
    "valeur",
]
