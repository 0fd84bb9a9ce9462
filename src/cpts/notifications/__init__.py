"""Les courriels de la plateforme et les travaux de fond qui les envoient.

Une application du domaine appelle `cpts.notifications.services.programmer` (ou `envoyer_a`) dans sa propre
transaction : le message est écrit au journal et mis dans la file de la base ; `cpts travailleur` l'envoie, le
réessaie en cas d'échec, et ne l'envoie jamais deux fois (clé d'idempotence unique).
"""
