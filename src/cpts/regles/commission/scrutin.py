"""Scrutin : décompte des bulletins par section, majorité et partage des voix."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cpts.regles.commission.parametres import valeur
from cpts.regles.commission.vocabulaire import Section


class Choix(StrEnum):
    POUR = "pour"
    CONTRE = "contre"
    ABSTENTION = "abstention"
    BLANC = "blanc"


class Issue(StrEnum):
    ADOPTEE = "adoptee"
    REJETEE = "rejetee"
    PARTAGE = "partage"
    ABSENCE_ACCORD = "absence_accord"


LIBELLES_ISSUE = {
    Issue.ADOPTEE: "Adoptée",
    Issue.REJETEE: "Rejetée",
    Issue.PARTAGE: "Partage égal des voix : second tour, plénier et à bulletin secret",
    Issue.ABSENCE_ACCORD: "Partage égal des voix au second tour : absence d'accord",
}


@dataclass(frozen=True, slots=True)
class Bulletin:
    section: Section
    poids: int
    choix: Choix


@dataclass(frozen=True, slots=True)
class Decompte:
    pour: int = 0
    contre: int = 0
    abstention: int = 0
    blanc: int = 0

    @property
    def exprimes(self) -> int:
        return self.pour + self.contre

    def __add__(self, autre: "Decompte") -> "Decompte":
        return Decompte(
            self.pour + autre.pour,
            self.contre + autre.contre,
            self.abstention + autre.abstention,
            self.blanc + autre.blanc,
        )


@dataclass(frozen=True, slots=True)
class Resultat:
    tour: int
    professionnelle: Decompte
    sociale: Decompte
    issue: Issue

    @property
    def total(self) -> Decompte:
        return self.professionnelle + self.sociale

    @property
    def libelle(self) -> str:
        return LIBELLES_ISSUE[self.issue]


def decompter(bulletins: Iterable[Bulletin]) -> dict[Section, Decompte]:
    voix: dict[Section, Counter[Choix]] = {section: Counter() for section in Section}
    for bulletin in bulletins:
        if bulletin.poids < 0:
            raise ValueError("un bulletin ne peut pas peser moins de zéro voix")
        voix[bulletin.section][bulletin.choix] += bulletin.poids
    return {
        section: Decompte(c[Choix.POUR], c[Choix.CONTRE], c[Choix.ABSTENTION], c[Choix.BLANC])
        for section, c in voix.items()
    }


def resultat_scrutin(bulletins: Iterable[Bulletin], tour: int, le: date) -> Resultat:
    """Majorité simple des voix exprimées (abstentions et blancs exclus) ; un partage au premier tour
    appelle un second tour plénier et secret, un partage au second tour acte l'absence d'accord."""
    if tour not in (1, 2):
        raise ValueError("un scrutin a un ou deux tours")
    valeur("deliberation.majorite", le)
    valeur("deliberation.partage_des_voix", le)
    decomptes = decompter(bulletins)
    total = decomptes[Section.PROFESSIONNELLE] + decomptes[Section.SOCIALE]
    if total.pour > total.contre:
        issue = Issue.ADOPTEE
    elif total.contre > total.pour:
        issue = Issue.REJETEE
    else:
        issue = Issue.PARTAGE if tour == 1 else Issue.ABSENCE_ACCORD
    return Resultat(tour, decomptes[Section.PROFESSIONNELLE], decomptes[Section.SOCIALE], issue)
