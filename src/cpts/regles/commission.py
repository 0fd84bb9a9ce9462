"""Arithmétique de la commission paritaire régionale (CPR) des CPTS, en Python pur.

Composition (parité des voix, part du régime général, sièges des centres de santé, URPS de professions
différentes), présidence par année civile, délais de convocation et d'ordre du jour, quorum, délégations,
majorité et partage des voix. Chaque valeur vient de `parametres/commission/commission.yaml`, datée et
référencée ; les valeurs reprises d'une autre commission paritaire y sont marquées `analogie`.

Aucun import de Django : les modèles et les vues appellent ce module, jamais l'inverse.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from cpts.regles.lecture import Lecteur, Reference, Valeur, en_vigueur, lire_yaml

FICHIER_PARAMETRES = Path(__file__).parent / "parametres" / "commission" / "commission.yaml"
FONDEMENTS = ("texte", "interpretation", "analogie")
CLES_PARAMETRE = {"description", "unite", "fondement", "note", "valeurs"}


# Paramètres datés


class ParametreAbsent(LookupError):
    """Le paramètre n'a pas de valeur à la date demandée (avant sa première date, ou après sa fin)."""


@dataclass(frozen=True, slots=True)
class Parametre:
    cle: str
    description: str
    unite: str
    fondement: str
    note: str | None
    valeurs: tuple[Valeur[Any], ...]

    @property
    def par_analogie(self) -> bool:
        return self.fondement == "analogie"

    def en_vigueur(self, le: date) -> Valeur[Any] | None:
        return en_vigueur(self.valeurs, le)

    def au(self, le: date) -> Any:
        valeur = self.en_vigueur(le)
        if valeur is None:
            premiere = self.valeurs[0].depuis.strftime("%d/%m/%Y")
            raise ParametreAbsent(
                f"{self.description} : pas de valeur au {le:%d/%m/%Y} (connue à partir du {premiere})"
            )
        return valeur.valeur


def charger(chemin: Path) -> dict[str, Parametre]:
    """Lit le fichier et rend les paramètres par clé pointée (`reunions.delai_convocation_jours`)."""
    lecteur = _Lecteur(chemin.name)
    return {
        f"{groupe}.{nom}": lecteur.parametre(noeud, f"{groupe}.{nom}")
        for groupe, contenu in lecteur.dictionnaire(lire_yaml(chemin), "").items()
        for nom, noeud in lecteur.dictionnaire(contenu, str(groupe)).items()
    }


class _Lecteur(Lecteur):
    """Un paramètre de la commission : la forme commune, plus son fondement ; sa valeur est libre."""

    def parametre(self, brut: object, cle: str) -> Parametre:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, CLES_PARAMETRE)
        if noeud.get("fondement") not in FONDEMENTS:
            raise self.erreur(f"{cle}.fondement", f"une valeur parmi {', '.join(FONDEMENTS)} attendue")
        return Parametre(
            cle=cle,
            description=self.chaine(noeud, cle, "description"),
            unite=self.chaine(noeud, cle, "unite"),
            fondement=noeud["fondement"],
            note=None if noeud.get("note") is None else self.chaine(noeud, cle, "note"),
            valeurs=self.valeurs(noeud.get("valeurs"), f"{cle}.valeurs", lambda valeur, _: valeur),
        )


@cache
def parametres() -> Mapping[str, Parametre]:
    """Les paramètres livrés avec l'application, lus une fois."""
    return charger(FICHIER_PARAMETRES)


def parametre(cle: str) -> Parametre:
    return parametres()[cle]


def valeur(cle: str, le: date) -> Any:
    return parametre(cle).au(le)


# Vocabulaire


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


def _fr(nombre: Decimal | int, decimales: int = 1) -> str:
    texte = f"{Decimal(nombre):.{decimales}f}".replace(".", ",")
    return texte.removesuffix(",0") if decimales == 1 and texte.endswith(",0") else texte


def _pluriel(nombre: int, singulier: str, pluriel: str | None = None) -> str:
    return f"{nombre} {singulier if nombre <= 1 else (pluriel or singulier + 's')}"


# Composition


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


# Présidence


def section_presidente(annee: int, annee_installation: int) -> Section | None:
    """La section qui préside la commission l'année civile `annee` (None avant l'installation)."""
    if annee < annee_installation:
        return None
    le = date(annee, 12, 31)
    premiere = Section(valeur("presidence.premiere_section", le))
    duree = int(valeur("presidence.alternance_annees", le))
    return premiere if ((annee - annee_installation) // duree) % 2 == 0 else premiere.autre


# Réunions


def date_limite_convocation(date_reunion: date) -> date:
    return date_reunion - timedelta(days=int(valeur("reunions.delai_convocation_jours", date_reunion)))


def date_limite_ordre_du_jour(date_reunion: date) -> date:
    return date_reunion - timedelta(days=int(valeur("reunions.delai_ordre_du_jour_jours", date_reunion)))


def date_limite_releve(date_reunion: date) -> date:
    return date_reunion + timedelta(days=int(valeur("releve.delai_jours", date_reunion)))


def _refus_delai(
    quoi: str, limite: date, envoi: date, date_reunion: date, jours: int, urgente: bool, motif: str
) -> list[str]:
    if envoi > date_reunion:
        return [f"{quoi} ne peut pas partir après la réunion du {date_reunion:%d/%m/%Y}."]
    if envoi <= limite:
        return []
    if urgente and motif.strip() and valeur("reunions.urgence_derogatoire", date_reunion):
        return []
    raison = (
        f"{quoi} du {envoi:%d/%m/%Y} est tardif : il doit partir au moins {jours} jours avant la réunion "
        f"du {date_reunion:%d/%m/%Y}, soit le {limite:%d/%m/%Y} au plus tard"
    )
    if urgente:
        return [raison + " ; une réunion urgente doit en donner le motif."]
    return [raison + " (ou déclarez la réunion urgente, motif à l'appui)."]


def refus_convocation(date_reunion: date, envoyee_le: date, urgente: bool = False, motif: str = "") -> list[str]:
    """Les raisons de refuser d'enregistrer cette convocation ; vide si elle est dans les délais."""
    jours = int(valeur("reunions.delai_convocation_jours", date_reunion))
    return _refus_delai(
        "L'envoi de la convocation",
        date_limite_convocation(date_reunion),
        envoyee_le,
        date_reunion,
        jours,
        urgente,
        motif,
    )


def refus_ordre_du_jour(date_reunion: date, envoye_le: date, urgente: bool = False, motif: str = "") -> list[str]:
    jours = int(valeur("reunions.delai_ordre_du_jour_jours", date_reunion))
    return _refus_delai(
        "L'envoi de l'ordre du jour",
        date_limite_ordre_du_jour(date_reunion),
        envoye_le,
        date_reunion,
        jours,
        urgente,
        motif,
    )


@dataclass(frozen=True, slots=True)
class AlerteReunions:
    annees_sans_reunion: tuple[int, ...]
    annee_en_cours_sans_reunion: bool
    minimum: int


def alerte_reunions(annee_installation: int, dates_reunions: Iterable[date], aujourdhui: date) -> AlerteReunions:
    """Années civiles écoulées depuis l'installation avec moins de réunions que le minimum, et l'année en cours
    si aucune réunion n'y est tenue ni prévue (`dates_reunions` : réunions tenues ou prévues, non annulées)."""
    par_annee = Counter(jour.year for jour in dates_reunions)
    minimum = int(valeur("reunions.reunions_minimum_par_an", aujourdhui))
    passees = tuple(a for a in range(annee_installation, aujourdhui.year) if par_annee.get(a, 0) < minimum)
    en_cours = aujourdhui.year >= annee_installation and par_annee.get(aujourdhui.year, 0) < minimum
    return AlerteReunions(passees, en_cours, minimum)


# Délibération : quorum, parité, délégations


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


# Scrutin : majorité et partage


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
