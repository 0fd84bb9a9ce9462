"""Les paramètres régionaux des dossiers (`parametres_regionaux.yaml`) : valeurs datées et référencées par région.

Une région sans valeur n'a pas de subvention connue : la décision est enregistrée sans montant, et l'écran le dit.
La forme des valeurs datées et leur contrôle sont ceux de tous nos paramètres (`cpts.regles.lecture`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from cpts.regles.lecture import Lecteur, Valeur, en_vigueur, lire_yaml

FICHIER = Path(__file__).with_name("parametres_regionaux.yaml")


@dataclass(frozen=True)
class ParametreRegional:
    cle: str
    description: str
    unite: str
    par_region: dict[str, tuple[Valeur[Decimal], ...]]

    def valeur(self, region: str, le: datetime.date) -> Valeur[Decimal] | None:
        """La valeur en vigueur le jour dit dans la région, ou None (aucune, ou valeur close par `null`)."""
        return en_vigueur(self.par_region.get(region, ()), le)


class _Lecteur(Lecteur):
    """Un paramètre régional : la forme commune, une suite de valeurs datées par région."""

    def parametre(self, brut: object, cle: str) -> ParametreRegional:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, {"description", "unite", "regions"})
        par_region = {}
        for region, contenu in self.dictionnaire(noeud.get("regions"), f"{cle}.regions").items():
            cle_region = f"{cle}.regions.{region}"
            contenu = self.dictionnaire(contenu, cle_region)
            self.cles_permises(contenu, cle_region, {"nom", "valeurs", "last_value_still_valid_on"})
            par_region[str(region)] = self.valeurs(contenu.get("valeurs"), f"{cle_region}.valeurs", self.montant)
        return ParametreRegional(
            cle, " ".join(self.chaine(noeud, cle, "description").split()), self.chaine(noeud, cle, "unite"), par_region
        )


@cache
def parametres(fichier: Path = FICHIER) -> dict[str, ParametreRegional]:
    lecteur = _Lecteur(fichier.name)
    return {cle: lecteur.parametre(noeud, cle) for cle, noeud in lecteur.dictionnaire(lire_yaml(fichier), "").items()}


def subvention_pre_projet(region: str, le: datetime.date) -> Valeur[Decimal] | None:
    """La subvention FIR à la validation du pré-projet (15 000 € en Auvergne-Rhône-Alpes, [ars-aura-guide])."""
    return parametres()["subvention_pre_projet"].valeur(region, le)
