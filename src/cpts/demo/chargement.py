"""Charger les portefeuilles de la démonstration par l'import du portefeuille, comme une ARS charge le sien.

Les fichiers (`cpts/demo/portefeuilles/portefeuille-<région>.csv`, fabriqués par `cpts.demo.fabrique`) passent par
`cpts.portefeuille.importation.importer`, tout ou rien. Une région dont la base a déjà des CPTS n'est pas réimportée :
la démonstration y a déjà vécu (contrats renouvelés), et ses fiches ne sont plus celles du fichier.
"""

from pathlib import Path

from cpts.comptes.models import Utilisateur
from cpts.demo.fabrique import DOSSIER
from cpts.dossiers.models import Cpts
from cpts.portefeuille.importation import CREEE, importer


class PortefeuilleRefuse(Exception):
    """Un fichier de la démonstration ne passe plus l'import : le rapport dit quelle ligne et pourquoi."""


def fichiers() -> dict[str, Path]:
    return {chemin.stem.removeprefix("portefeuille-"): chemin for chemin in sorted(DOSSIER.glob("portefeuille-*.csv"))}


def charger(auteur: Utilisateur) -> int:
    """Importe le portefeuille de chaque région encore vide ; rend le nombre de CPTS créées. L'état des contrats
    n'est pas calculé : leur vie le périme aussitôt, `cpts demo` le calcule une fois, à la fin de sa transaction."""
    creees = 0
    for region, chemin in fichiers().items():
        if Cpts.objects.filter(region=region).exists():
            continue
        rapport = importer(chemin.name, chemin.read_bytes(), region, auteur, etat=False)
        if rapport.refuse:
            refus = [str(ligne) for ligne in rapport.lignes if ligne.statut != CREEE]
            raise PortefeuilleRefuse(f"{chemin.name} : {rapport.bilan} " + " ".join(refus[:5]))
        creees += rapport.nombre(CREEE)
    return creees
