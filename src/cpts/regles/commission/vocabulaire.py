"""Vocabulaire de la commission : sections, régimes, statuts d'un contrôle, catégories consultatives."""

from enum import StrEnum


class Section(StrEnum):
    PROFESSIONNELLE = "professionnelle"
    SOCIALE = "sociale"

    @property
    def libelle(self) -> str:
        return {"professionnelle": "section professionnelle", "sociale": "section sociale"}[self.value]

    @property
    def autre(self) -> "Section":
        return Section.SOCIALE if self is Section.PROFESSIONNELLE else Section.PROFESSIONNELLE


class Regime(StrEnum):
    GENERAL = "rg"
    AGRICOLE = "msa"


class Statut(StrEnum):
    CONFORME = "conforme"
    NON_CONFORME = "non_conforme"
    A_COMPLETER = "a_completer"


CATEGORIES_CONSULTATIVES = {
    "ars": "ARS",
    "urps": "URPS",
    "femas": "fédération régionale des maisons de santé (FEMAS)",
    "federation_cpts": "fédération régionale des CPTS",
    "france_assos_sante": "France Assos Santé",
}
