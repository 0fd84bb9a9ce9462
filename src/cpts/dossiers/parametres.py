"""Les paramètres régionaux des dossiers (`parametres_regionaux.yaml`) : valeurs datées et référencées par région.

Une région sans valeur n'a pas de subvention connue : la décision est enregistrée sans montant, et l'écran le dit.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

FICHIER = Path(__file__).with_name("parametres_regionaux.yaml")


class ParametreRegionalInvalide(Exception):
    pass


@dataclass(frozen=True)
class Reference:
    titre: str
    document: str = ""
    section: str = ""


@dataclass(frozen=True)
class ValeurDatee:
    depuis: datetime.date
    valeur: Decimal | None
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class ParametreRegional:
    cle: str
    description: str
    unite: str
    par_region: dict[str, tuple[ValeurDatee, ...]]

    def valeur(self, region: str, le: datetime.date) -> ValeurDatee | None:
        """La valeur en vigueur le jour dit dans la région, ou None (aucune, ou valeur close par `null`)."""
        retenue = None
        for valeur in self.par_region.get(region, ()):
            if valeur.depuis <= le:
                retenue = valeur
        return retenue if retenue is not None and retenue.valeur is not None else None


@cache
def parametres(fichier: Path = FICHIER) -> dict[str, ParametreRegional]:
    brut = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    return {cle: _parametre(cle, noeud, fichier.name) for cle, noeud in brut.items()}


def _parametre(cle: str, noeud: dict, fichier: str) -> ParametreRegional:
    par_region = {}
    for region, contenu in (noeud.get("regions") or {}).items():
        valeurs = []
        for depuis, entree in sorted(contenu["valeurs"].items()):
            if not isinstance(depuis, datetime.date):
                raise ParametreRegionalInvalide(f"{fichier}, {cle}.{region} : date attendue, lu « {depuis} »")
            references = tuple(Reference(**reference) for reference in entree.get("references") or ())
            if not references:
                raise ParametreRegionalInvalide(f"{fichier}, {cle}.{region}.{depuis} : référence manquante")
            valeur = entree["valeur"]
            valeurs.append(ValeurDatee(depuis, None if valeur is None else Decimal(str(valeur)), references))
        par_region[str(region)] = tuple(valeurs)
    return ParametreRegional(cle, " ".join(noeud["description"].split()), noeud["unite"], par_region)


def subvention_pre_projet(region: str, le: datetime.date) -> ValeurDatee | None:
    """La subvention FIR à la validation du pré-projet (15 000 € en Auvergne-Rhône-Alpes, seed 001)."""
    return parametres()["subvention_pre_projet"].valeur(region, le)
