"""L'emploi des fonds des CPTS, en Python pur : le plan normalisé des comptes annuels et ses contrôles, la lecture
d'un fichier des écritures comptables (FEC) et sa correspondance avec le plan, le plafond des indemnités des
membres, les statistiques nationales et leur secret.

Aucun import de Django ni du reste du projet : les services de `cpts.comptabilite` appellent ce paquet.
"""
