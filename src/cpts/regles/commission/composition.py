"""Contrôles de la composition : parité des voix, part du régime général, voix par siège, centres de santé,
URPS, membres consultatifs, titulaires désignés.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from cpts.regles.commission.parametres import ParametreAbsent, parametre, valeur
from cpts.regles.commission.vocabulaire import CATEGORIES_CONSULTATIVES, Regime, Section, Statut
from cpts.regles.lecture import Reference


def _fr(nombre: Decimal | int, decimales: int = 1) -> str:
    texte = f"{Decimal(nombre):.{decimales}f}".replace(".", ",")
    return texte.removesuffix(",0") if decimales == 1 and texte.endswith(",0") else texte


def _pluriel(nombre: int, singulier: str, pluriel: str | None = None) -> str:
    return f"{nombre} {singulier if nombre <= 1 else (pluriel or singulier + 's')}"


@dataclass(frozen=True, slots=True)
class SiegeVotant:
    """Un siège d'une section votante. `profession` : libellé (section professionnelle)."""

    section: Section
    voix: int
    titulaire_designe: bool
    profession: str = ""
    centre_de_sante: bool = False
    regime: Regime | None = None
    libelle: str = ""


@dataclass(frozen=True, slots=True)
class SiegeConsultatif:
    categorie: str
    titulaire_designe: bool
    profession: str = ""


@dataclass(frozen=True, slots=True)
class Controle:
    code: str
    libelle: str
    statut: Statut
    detail: str
    fondement: str
    references: tuple[Reference, ...]


@dataclass(frozen=True, slots=True)
class BilanProfessionnelle:
    sieges: int
    voix: int
    sieges_vacants: int
    professions_non_representees: tuple[str, ...]
    sieges_centres_de_sante: int


@dataclass(frozen=True, slots=True)
class BilanSociale:
    sieges: int
    voix: int
    sieges_vacants: int
    sieges_rg: int
    sieges_msa: int
    voix_rg: int
    voix_msa: int


@dataclass(frozen=True, slots=True)
class BilanComposition:
    le: date
    professionnelle: BilanProfessionnelle
    sociale: BilanSociale
    consultatifs: int
    consultatifs_vacants: int
    controles: tuple[Controle, ...]

    @property
    def parite(self) -> bool:
        return self.professionnelle.voix == self.sociale.voix

    @property
    def conforme(self) -> bool:
        return all(controle.statut == Statut.CONFORME for controle in self.controles)

    def en_json(self) -> dict[str, Any]:
        """La forme de `cpts commission composition --format json`."""
        pro, sociale = self.professionnelle, self.sociale
        return {
            "date": self.le.isoformat(),
            "sections": {
                "professionnelle": {
                    "sieges": pro.sieges,
                    "voix": pro.voix,
                    "sieges_vacants": pro.sieges_vacants,
                    "professions_non_representees": list(pro.professions_non_representees),
                },
                "sociale": {
                    "sieges": sociale.sieges,
                    "voix": sociale.voix,
                    "voix_rg": sociale.voix_rg,
                    "voix_msa": sociale.voix_msa,
                    "sieges_vacants": sociale.sieges_vacants,
                },
            },
            "parite": self.parite,
            "consultatifs": self.consultatifs,
            "controles": [
                {"code": c.code, "libelle": c.libelle, "statut": c.statut.value, "detail": c.detail}
                for c in self.controles
            ],
        }


def _references(*cles: str, le: date) -> tuple[Reference, ...]:
    vues: list[Reference] = []
    for cle in cles:
        valeur_datee = parametre(cle).en_vigueur(le)
        for reference in valeur_datee.references if valeur_datee else parametre(cle).valeurs[0].references:
            if reference not in vues:
                vues.append(reference)
    return tuple(vues)


def _fondement(*cles: str) -> str:
    fondements = {parametre(cle).fondement for cle in cles}
    for fondement in ("analogie", "interpretation"):
        if fondement in fondements:
            return fondement
    return "texte"


def bilan_composition(
    sieges: Iterable[SiegeVotant], consultatifs: Iterable[SiegeConsultatif], le: date
) -> BilanComposition:
    """Les totaux d'une composition et ses contrôles, au jour `le` (les règles du jour s'appliquent)."""
    sieges = list(sieges)
    consultatifs = list(consultatifs)
    pro = [s for s in sieges if s.section == Section.PROFESSIONNELLE]
    sociale = [s for s in sieges if s.section == Section.SOCIALE]

    professions: dict[str, bool] = {}
    for siege in pro:
        professions[siege.profession] = professions.get(siege.profession, False) or siege.titulaire_designe
    bilan_pro = BilanProfessionnelle(
        sieges=len(pro),
        voix=sum(s.voix for s in pro),
        sieges_vacants=sum(not s.titulaire_designe for s in pro),
        professions_non_representees=tuple(p for p, representee in professions.items() if not representee),
        sieges_centres_de_sante=sum(s.centre_de_sante for s in pro),
    )
    bilan_sociale = BilanSociale(
        sieges=len(sociale),
        voix=sum(s.voix for s in sociale),
        sieges_vacants=sum(not s.titulaire_designe for s in sociale),
        sieges_rg=sum(s.regime == Regime.GENERAL for s in sociale),
        sieges_msa=sum(s.regime == Regime.AGRICOLE for s in sociale),
        voix_rg=sum(s.voix for s in sociale if s.regime == Regime.GENERAL),
        voix_msa=sum(s.voix for s in sociale if s.regime == Regime.AGRICOLE),
    )
    controles = (
        _controle_parite(bilan_pro, bilan_sociale, le),
        _controle_repartition(bilan_sociale, le),
        _controle_voix_par_siege(pro, sociale, le),
        _controle_centres_de_sante(bilan_pro, le),
        _controle_urps(consultatifs, le),
        _controle_consultatifs(consultatifs, le),
        _controle_designations(bilan_pro, bilan_sociale, le),
    )
    return BilanComposition(
        le=le,
        professionnelle=bilan_pro,
        sociale=bilan_sociale,
        consultatifs=len(consultatifs),
        consultatifs_vacants=sum(not c.titulaire_designe for c in consultatifs),
        controles=controles,
    )


def _controle_parite(pro: BilanProfessionnelle, sociale: BilanSociale, le: date) -> Controle:
    cles = ("section_sociale.voix_par_membre_maximum", "section_professionnelle.voix_par_siege")
    detail = f"{_pluriel(pro.voix, 'voix', 'voix')} professionnelles, {_pluriel(sociale.voix, 'voix', 'voix')} sociales"
    if pro.voix == sociale.voix:
        statut = Statut.CONFORME if pro.voix else Statut.A_COMPLETER
    else:
        statut = Statut.NON_CONFORME
        ecart = abs(pro.voix - sociale.voix)
        plus = "professionnelle" if pro.voix > sociale.voix else "sociale"
        detail += f" : {_pluriel(ecart, 'voix', 'voix')} de plus en section {plus}"
    return Controle(
        "parite", "Parité des voix entre les sections", statut, detail, _fondement(*cles), _references(*cles, le=le)
    )


def _controle_repartition(sociale: BilanSociale, le: date) -> Controle:
    cles = ("section_sociale.part_regime_general", "section_sociale.repartition_comptee_en")
    libelle = "Part du régime général et du régime agricole (80 % / 20 %)"
    try:
        part = Decimal(valeur("section_sociale.part_regime_general", le))
        base = valeur("section_sociale.repartition_comptee_en", le)
    except ParametreAbsent as absent:
        return Controle("repartition", libelle, Statut.A_COMPLETER, str(absent), "texte", _references(*cles, le=le))
    total, rg, msa = (
        (sociale.voix, sociale.voix_rg, sociale.voix_msa)
        if base == "voix"
        else (sociale.sieges, sociale.sieges_rg, sociale.sieges_msa)
    )
    unite = "voix" if base == "voix" else "sièges"
    libelle = f"Part du régime général et du régime agricole ({_fr(part * 100)} % / {_fr((1 - part) * 100)} %)"
    if total == 0:
        return Controle(
            "repartition",
            libelle,
            Statut.A_COMPLETER,
            "Section sociale vide",
            _fondement(*cles),
            _references(*cles, le=le),
        )
    attendu = part * total
    bas, haut = attendu.to_integral_value(ROUND_FLOOR), attendu.to_integral_value(ROUND_CEILING)
    autres = total - rg - msa
    statut = Statut.CONFORME if bas <= rg <= haut and autres == 0 else Statut.NON_CONFORME
    detail = (
        f"{rg} {unite} au régime général ({_fr(Decimal(rg) * 100 / total)} %) et {msa} au régime agricole "
        f"({_fr(Decimal(msa) * 100 / total)} %) sur {total} ; attendu {_fr(attendu)} {unite} au régime général"
    )
    if autres:
        detail += f" ; {autres} {unite} sans régime indiqué"
    return Controle("repartition", libelle, statut, detail, _fondement(*cles), _references(*cles, le=le))


def _controle_voix_par_siege(pro: Sequence[SiegeVotant], sociale: Sequence[SiegeVotant], le: date) -> Controle:
    cles = (
        "section_professionnelle.voix_par_siege",
        "section_sociale.voix_par_membre_minimum",
        "section_sociale.voix_par_membre_maximum",
    )
    libelle = "Voix de chaque siège"
    ecarts = []
    voix_pro = valeur("section_professionnelle.voix_par_siege", le)
    ecarts += [
        f"{s.libelle or 'un siège professionnel'} : {s.voix} voix (attendu {voix_pro})"
        for s in pro
        if s.voix != voix_pro
    ]
    try:
        minimum = valeur("section_sociale.voix_par_membre_minimum", le)
        maximum = valeur("section_sociale.voix_par_membre_maximum", le)
    except ParametreAbsent:
        minimum, maximum = 1, None
    ecarts += [
        f"{s.libelle or 'un siège social'} : {s.voix} voix (de {minimum} à {maximum} attendu)"
        for s in sociale
        if s.voix < minimum or (maximum is not None and s.voix > maximum)
    ]
    detail = (
        "; ".join(ecarts)
        if ecarts
        else (
            f"{voix_pro} voix par siège professionnel, de {minimum} à {maximum} voix par membre de la section sociale"
        )
    )
    return Controle(
        "voix_par_siege",
        libelle,
        Statut.NON_CONFORME if ecarts else Statut.CONFORME,
        detail,
        _fondement(*cles),
        _references(*cles, le=le),
    )


def _controle_centres_de_sante(pro: BilanProfessionnelle, le: date) -> Controle:
    cle = "section_professionnelle.sieges_centres_de_sante"
    attendu = valeur(cle, le)
    statut = Statut.CONFORME if pro.sieges_centres_de_sante == attendu else Statut.NON_CONFORME
    detail = f"{pro.sieges_centres_de_sante} sièges pour les centres de santé, {attendu} attendus"
    return Controle(
        "centres_de_sante", "Sièges des centres de santé", statut, detail, _fondement(cle), _references(cle, le=le)
    )


def _controle_urps(consultatifs: Sequence[SiegeConsultatif], le: date) -> Controle:
    cles = ("membres_consultatifs.attendus", "membres_consultatifs.urps_de_professions_differentes")
    attendus = valeur("membres_consultatifs.attendus", le).get("urps", 0)
    urps = [c for c in consultatifs if c.categorie == "urps"]
    libelle = f"{attendus} URPS de professions différentes"
    professions = [c.profession for c in urps if c.profession]
    doublons = sorted(p for p, n in Counter(professions).items() if n > 1)
    if len(urps) != attendus:
        statut, detail = Statut.NON_CONFORME, f"{_pluriel(len(urps), 'siège')} URPS, {attendus} attendus"
    elif doublons:
        statut, detail = Statut.NON_CONFORME, f"même profession pour plusieurs URPS : {', '.join(doublons)}"
    elif len(professions) < len(urps):
        manquantes = len(urps) - len(professions)
        statut = Statut.A_COMPLETER
        detail = f"profession à indiquer pour {_pluriel(manquantes, 'siège')} URPS"
        if professions:
            detail += f" (déjà : {', '.join(professions)})"
    else:
        statut, detail = Statut.CONFORME, ", ".join(professions)
    return Controle("urps", libelle, statut, detail, _fondement(*cles), _references(*cles, le=le))


def _controle_consultatifs(consultatifs: Sequence[SiegeConsultatif], le: date) -> Controle:
    cle = "membres_consultatifs.attendus"
    attendus: Mapping[str, int] = valeur(cle, le)
    presents = Counter(c.categorie for c in consultatifs)
    ecarts = [
        f"{CATEGORIES_CONSULTATIVES.get(categorie, categorie)} : {presents.get(categorie, 0)} sur {nombre}"
        for categorie, nombre in attendus.items()
        if presents.get(categorie, 0) != nombre
    ]
    detail = "; ".join(ecarts) if ecarts else "ARS, 3 URPS, FEMAS, fédération des CPTS, France Assos Santé"
    return Controle(
        "consultatifs",
        "Membres consultatifs prévus par l'ACI",
        Statut.NON_CONFORME if ecarts else Statut.CONFORME,
        detail,
        _fondement(cle),
        _references(cle, le=le),
    )


def _controle_designations(pro: BilanProfessionnelle, sociale: BilanSociale, le: date) -> Controle:
    cle = "section_professionnelle.sieges_par_organisation"
    vacants = pro.sieges_vacants + sociale.sieges_vacants
    if not vacants:
        return Controle(
            "designations",
            "Titulaires désignés",
            Statut.CONFORME,
            "tous les sièges ont un titulaire",
            "texte",
            _references(cle, le=le),
        )
    detail = f"{_pluriel(vacants, 'siège')} sans titulaire désigné"
    if pro.professions_non_representees:
        detail += (
            f" ; {_pluriel(len(pro.professions_non_representees), 'profession')} non "
            f"représentée{'s' if len(pro.professions_non_representees) > 1 else ''} : "
            + ", ".join(pro.professions_non_representees)
        )
    return Controle("designations", "Titulaires désignés", Statut.A_COMPLETER, detail, "texte", _references(cle, le=le))
