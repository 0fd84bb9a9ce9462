"""Cas d'usage de la commission paritaire régionale, une section par module : compositions (et présidence),
réunions, délibérations (présences, quorum), scrutins, relevés de décisions. Chacun valide, décide et écrit dans
une transaction ; les refus sont des `ValidationError` qui nomment leurs raisons en français.

Les règles chiffrées viennent de `cpts.regles.commission` ; ces modules les appliquent aux données enregistrées.
Les pages, l'API et la commande importent le module de la section qu'elles emploient.
"""
