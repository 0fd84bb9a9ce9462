"""Ce dont un modèle de document est fait : genres de champ, annexes figées au dépôt, champs et sections."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from cpts.dossiers.enums import TypeDocument


class Genre(StrEnum):
    TEXTE = "texte"  # plusieurs lignes
    LIGNE = "ligne"  # une ligne
    DATE = "date"
    CHOIX = "choix"
    MONTANT = "montant"
    ANNEE = "annee"


class Annexe(StrEnum):
    """Ce que le dépôt copie du dossier, tel qu'il est au moment du dépôt."""

    ASSOCIATION = "association"
    TERRITOIRE = "territoire"
    PROFESSIONNELS = "professionnels"
    STRUCTURES = "structures"
    FICHES = "fiches"
    BUDGETS = "budgets"


@dataclass(frozen=True)
class Champ:
    cle: str
    libelle: str
    genre: Genre = Genre.TEXTE
    requis: bool = True
    aide: str = ""
    choix: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    numero: str
    titre: str
    champs: tuple[Champ, ...] = ()
    annexe: Annexe | None = None


@dataclass(frozen=True)
class ModeleDocument:
    type: TypeDocument
    titre: str
    source: str
    sections: tuple[Section, ...]
    champ_titre: str | None = None  # le champ qui donne son intitulé au document (fiche action, budget)
    annexes_requises: tuple[Annexe, ...] = field(default=())

    def champs(self) -> Iterator[tuple[Section, Champ]]:
        for section in self.sections:
            for champ in section.champs:
                yield section, champ

    def champ(self, cle: str) -> Champ:
        for _, champ in self.champs():
            if champ.cle == cle:
                return champ
        raise KeyError(cle)


def _texte(cle: str, libelle: str, requis: bool = True, aide: str = "") -> Champ:
    return Champ(cle, libelle, Genre.TEXTE, requis, aide)
