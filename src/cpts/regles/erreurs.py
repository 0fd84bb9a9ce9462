"""Les deux familles d'erreurs des règles, chacune avec un message en français prêt à afficher."""


class ParametresInvalides(Exception):
    """Un fichier de paramètres est mal formé : le message nomme le fichier et la clé fautive."""

    def __init__(self, fichier: str, cle: str, probleme: str) -> None:
        self.fichier = fichier
        self.cle = cle
        self.probleme = probleme
        super().__init__(f"{fichier}, {cle} : {probleme}" if cle else f"{fichier} : {probleme}")


class EntreeInvalide(ValueError):
    """Une donnée fournie au calcul est hors des règles (mission inconnue, taux hors de [0, 1]…)."""
