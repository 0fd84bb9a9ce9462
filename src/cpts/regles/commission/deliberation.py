"""Délibération : présences, quorum, délégations et parité des voix représentées."""

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from cpts.regles.commission.parametres import valeur
from cpts.regles.commission.vocabulaire import Section


class Presence(StrEnum):
    TITULAIRE = "titulaire"
    SUPPLEANT = "suppleant"
    ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class Emargement:
    """Un siège votant à une séance : qui siège, et à qui l'absent a délégué son vote."""

    siege: Hashable
    section: Section
    voix: int
    presence: Presence
    delegue_a: Hashable | None = None
    libelle: str = ""

    @property
    def present(self) -> bool:
        return self.presence != Presence.ABSENT


def quorum_requis(sieges: int, le: date) -> int:
    part = Decimal(valeur("deliberation.quorum_part_des_sieges", le))
    return int((part * sieges).to_integral_value(ROUND_CEILING))


def refus_delegations(emargements: Iterable[Emargement], le: date) -> list[str]:
    """Les délégations contraires aux règles : d'un absent, à un présent de la même section, une au plus reçue."""
    emargements = list(emargements)
    par_siege = {e.siege: e for e in emargements}
    maximum = int(valeur("deliberation.delegations_recues_maximum", le))
    raisons = []
    recues: Counter[Hashable] = Counter()
    for emargement in emargements:
        if emargement.delegue_a is None:
            continue
        nom = emargement.libelle or str(emargement.siege)
        delegataire = par_siege.get(emargement.delegue_a)
        if emargement.present:
            raisons.append(f"{nom} siège : un membre présent ne délègue pas son vote.")
        elif delegataire is None:
            raisons.append(f"{nom} délègue à un siège qui ne vote pas à cette séance.")
        elif delegataire.section != emargement.section:
            raisons.append(f"{nom} ne peut déléguer qu'à un membre de sa section.")
        elif not delegataire.present:
            raisons.append(f"{nom} délègue à {delegataire.libelle or delegataire.siege}, absent.")
        else:
            recues[emargement.delegue_a] += 1
    for siege, nombre in recues.items():
        if nombre > maximum:
            nom = par_siege[siege].libelle or str(siege)
            raisons.append(f"{nom} reçoit {nombre} délégations ; {maximum} au plus.")
    return raisons


@dataclass(frozen=True, slots=True)
class EtatSection:
    section: Section
    sieges: int
    quorum_requis: int
    membres_presents: int
    voix_presentes: int
    voix_deleguees: int

    @property
    def quorum_atteint(self) -> bool:
        return self.membres_presents >= self.quorum_requis

    @property
    def voix_representees(self) -> int:
        return self.voix_presentes + self.voix_deleguees


@dataclass(frozen=True, slots=True)
class EtatDeliberation:
    professionnelle: EtatSection
    sociale: EtatSection
    raisons: tuple[str, ...]

    @property
    def parite(self) -> bool:
        return self.professionnelle.voix_representees == self.sociale.voix_representees

    @property
    def peut_deliberer(self) -> bool:
        return not self.raisons

    @property
    def sections(self) -> tuple[EtatSection, EtatSection]:
        return (self.professionnelle, self.sociale)


def etat_deliberation(emargements: Iterable[Emargement], le: date) -> EtatDeliberation:
    """La séance peut-elle délibérer ? Quorum par section, parité des voix présentes ou représentées."""
    emargements = list(emargements)
    delegations_valides = not refus_delegations(emargements, le)
    etats = {}
    for section in Section:
        siens = [e for e in emargements if e.section == section]
        etats[section] = EtatSection(
            section=section,
            sieges=len(siens),
            quorum_requis=quorum_requis(len(siens), le),
            membres_presents=sum(e.present for e in siens),
            voix_presentes=sum(e.voix for e in siens if e.present),
            voix_deleguees=sum(e.voix for e in siens if not e.present and e.delegue_a is not None)
            if delegations_valides
            else 0,
        )
    raisons = list(refus_delegations(emargements, le))
    for etat in etats.values():
        if not etat.quorum_atteint:
            raisons.append(
                f"Quorum non atteint en {etat.section.libelle} : {etat.membres_presents} membres présents, "
                f"{etat.quorum_requis} requis sur {etat.sieges} sièges."
            )
    pro, sociale = etats[Section.PROFESSIONNELLE], etats[Section.SOCIALE]
    if valeur("deliberation.parite", le) and pro.voix_representees != sociale.voix_representees:
        raisons.append(
            f"Parité non respectée : {pro.voix_representees} voix professionnelles présentes ou représentées, "
            f"{sociale.voix_representees} voix sociales."
        )
    return EtatDeliberation(professionnelle=pro, sociale=sociale, raisons=tuple(raisons))
