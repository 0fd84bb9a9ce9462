"""Pages des contrats ACI, une section par module : listes, signature, contrat (missions, avenants, documents),
échéancier et versements, indicateurs et valeurs, dialogues de gestion, renouvellement.

Les listes passent par `visibles_par`, chaque objet par `exiger` (`cpts.comptes.droits`) ; les écritures par les
services de `cpts.contrats`, qui revérifient les droits et refusent sans rien écrire.
"""
