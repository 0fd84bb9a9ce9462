"""Pages des dossiers, une section par module : registre (liste filtrée, export, inscription), fiche d'une CPTS
(consultation, modification, décisions d'étape), membres, documents, instruction (notes et demandes de complément).

Chaque page passe par le point de décision des droits (`visibles_par`, `exiger`, `autorise`) ; les écritures par les
services de `cpts.dossiers`, qui revérifient les droits et refusent sans rien écrire.
"""
