"""Socle des commandes d'import ligne à ligne (`cpts portefeuille importer`, `cpts indicateurs importer`) : l'auteur
des écritures, puis le rapport écrit ligne par ligne et son bilan, code de sortie 2 si le fichier ou une ligne est
refusé.
"""

import sys
from collections.abc import Callable
from typing import Any

from cpts.contrats.commande import CommandeContrats
from cpts.portefeuille.rapport import Rapport
from cpts.regles import EntreeInvalide


class CommandeImport(CommandeContrats):
    def rapporter(self, importer: Callable[[], Rapport[Any]]) -> None:
        """Lance l'import et écrit son rapport ; un fichier illisible est refusé en une ligne, rien n'est écrit."""
        from cpts.portefeuille.lecture import FichierRefuse

        try:
            rapport = importer()
        except FichierRefuse as erreur:
            raise EntreeInvalide(f"fichier refusé, rien n'a été écrit. {str(erreur).rstrip('.')}") from None
        for ligne in rapport.lignes:
            self.stdout.write(str(ligne))
        self.stdout.write(rapport.bilan)
        if rapport.refuse:
            sys.exit(2)

    @staticmethod
    def auteur(identifiant: str | None) -> Any:
        """Le compte nommé par `--auteur`, actif ; sans lui, le compte technique de l'exploitant."""
        from cpts.comptes.models import Utilisateur
        from cpts.portefeuille.compte import compte_technique

        if not identifiant:
            return compte_technique()
        auteur = Utilisateur.objects.filter(username=identifiant, is_active=True).first()
        if auteur is None:
            raise EntreeInvalide(f"compte « {identifiant} » introuvable ou désactivé")
        return auteur
