"""Les paramètres datés de l'emploi des fonds (`parametres/comptabilite/comptabilite.yaml`) et la correspondance
par défaut du plan comptable des associations (`correspondance-pca.yaml`)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from cpts.regles.lecture import Lecteur, ParametreFonde, Reference, charger_fondes, lire_yaml

DOSSIER = Path(__file__).parent.parent / "parametres" / "comptabilite"
FONDEMENTS = ("texte", "interpretation", "choix")


class ParametreAbsent(LookupError):
    """Le paramètre n'a pas de valeur à la date demandée."""


class Parametre(ParametreFonde):
    __slots__ = ()

    def au(self, le: date) -> Any:
        valeur = self.en_vigueur(le)
        if valeur is None:
            raise ParametreAbsent(f"{self.description} : pas de valeur au {le:%d/%m/%Y}")
        return valeur.valeur

    def reglage(self, le: date) -> Any:
        """Un réglage (délai, seuil) à une date : avant sa première date, sa première valeur, pour qu'une vue
        demandée à une date ancienne se calcule avec les réglages d'origine au lieu d'échouer."""
        valeur = self.en_vigueur(le) or self.valeurs[0]
        return valeur.valeur

    @property
    def notre_lecture(self) -> bool:
        return self.fondement != "texte"


def charger(chemin: Path) -> dict[str, Parametre]:
    return charger_fondes(chemin, Parametre, FONDEMENTS, Lecteur.nombre)


@cache
def parametres() -> Mapping[str, Parametre]:
    return charger(DOSSIER / "comptabilite.yaml")


def parametre(cle: str) -> Parametre:
    return parametres()[cle]


def valeur(cle: str, le: date) -> Any:
    return parametre(cle).au(le)


def reglage(cle: str, le: date) -> Any:
    return parametre(cle).reglage(le)


@dataclass(frozen=True, slots=True)
class CorrespondanceParDefaut:
    prefixes: Mapping[str, str]
    references: tuple[Reference, ...]


def charger_correspondance(chemin: Path, postes: frozenset[str]) -> CorrespondanceParDefaut:
    lecteur = Lecteur(chemin.name)
    racine = lecteur.dictionnaire(lire_yaml(chemin), "")
    lecteur.cles_permises(racine, "", {"references", "correspondances"})
    prefixes: dict[str, str] = {}
    for prefixe, poste in lecteur.dictionnaire(racine.get("correspondances"), "correspondances").items():
        if not isinstance(prefixe, str) or not prefixe.isdigit():
            raise lecteur.erreur(f"correspondances.{prefixe}", "préfixe de compte entre guillemets attendu (« 641 »)")
        if poste not in postes:
            raise lecteur.erreur(f"correspondances.{prefixe}", f"poste inconnu « {poste} »")
        prefixes[prefixe] = poste
    return CorrespondanceParDefaut(prefixes, lecteur.references(racine.get("references"), "references"))


@cache
def correspondance_par_defaut() -> CorrespondanceParDefaut:
    from cpts.regles.comptabilite.plan import CODES_POSTES

    return charger_correspondance(DOSSIER / "correspondance-pca.yaml", CODES_POSTES)
