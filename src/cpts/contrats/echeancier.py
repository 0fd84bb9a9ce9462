"""L'échéancier concret d'un contrat : les versements que `cpts.regles.echeancier` calcule pour ses termes (dates,
taille, membres, missions et leurs démarrages, avenants), ses taux d'atteinte et ses crises, face aux versements
effectués.

Aucun montant n'est recalculé ici : chaque ligne est un `cpts.regles.Versement`. Le volet variable d'une année suit
l'atteinte retenue au dialogue de gestion ; tant qu'elle ne l'est pas, il est estimé (atteinte calculée sur les
valeurs déclarées, sinon 100 %) et ne peut pas être payé.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from django.utils import timezone

from cpts.contrats.atteinte import AtteinteMission
from cpts.contrats.enums import NatureVersement, StatutLigne
from cpts.contrats.lus import ContratLu
from cpts.contrats.missions import duree_contrat, libelle_mission, libelle_volet
from cpts.contrats.models import Avenant, Contrat, MissionContrat, OptionChoisie, Paiement
from cpts.contrats.prechargement import dialogues_de, paiements_valides_de
from cpts.contrats.termes import Changement, MissionDatee, Termes
from cpts.regles import Versement, avertissements_echeancier, echeancier, referentiel
from cpts.regles.avertissements import POPULATION_ATTENDUE, territoire_trop_petit
from cpts.regles.echeancier import crise_absente

ZERO = Decimal("0.00")
Cle = tuple[int, str, str, str]
"""(année du contrat, mission, volet, nature) : une ligne de l'échéancier."""


@cache
def natures_des_volets() -> dict[tuple[str, str], str]:
    """(mission, volet) → fixe ou variable, d'après tous les textes."""
    natures: dict[tuple[str, str], str] = {}
    textes = referentiel()
    for texte in textes.financiers:
        for mission in textes.bareme(texte.code).missions.values():
            for volet in mission.volets:
                natures[(mission.code, volet.code)] = volet.nature
    return natures


def est_variable(mission: str, volet: str) -> bool:
    return natures_des_volets().get((mission, volet)) == "variable"


def termes_du_contrat(contrat: Contrat) -> Termes:
    return termes_de(contrat, contrat.avenants.all(), contrat.missions.all(), contrat.options.all())


def termes_de(
    contrat: Contrat,
    avenants: Iterable[Avenant],
    missions: Iterable[MissionContrat],
    options: Iterable[OptionChoisie],
) -> Termes:
    """Les termes du contrat, de ses avenants, missions et options déjà lus (la fiche du contrat les montre aussi)."""
    avenants = list(avenants)
    effets = {avenant.pk: avenant.effet_le for avenant in avenants}
    return Termes(
        signature=contrat.signature,
        duree=duree_contrat(contrat.signature),
        taille=contrat.taille,
        membres=contrat.membres,
        changements=[Changement(a.effet_le, a.numero, a.taille, a.membres) for a in avenants],
        missions=[
            MissionDatee(
                code=mission.mission,
                demarrage=mission.demarrage,
                ajoutee_le=effets.get(mission.ajoutee_par_id),
                retiree_le=effets.get(mission.retiree_par_id),
            )
            for mission in missions
        ],
        options={option.option: option.depuis for option in options},
    )


@dataclass(frozen=True)
class Taux:
    """Les taux d'atteinte par (année, mission) : retenus au dialogue de gestion, ou calculés sur les valeurs."""

    retenus: Mapping[tuple[int, str], Decimal] = field(default_factory=dict)
    calcules: Mapping[tuple[int, str], Decimal] = field(default_factory=dict)
    crises: Mapping[int, Decimal] = field(default_factory=dict)
    """Les années de contrat où une crise sanitaire grave a été déclarée, et le taux retenu pour chacune."""

    def pour(self, annee: int, mission: str) -> Decimal | None:
        return self.retenus.get((annee, mission), self.calcules.get((annee, mission)))


def versements_prevus(termes: Termes, taux: Taux | None = None) -> list[Versement]:
    """Tous les versements du contrat selon les règles, année par année sous ses propres termes.

    Lève `EntreeInvalide` si les termes sont hors des règles (mission démarrant avant la signature…)."""
    taux = taux or Taux()
    versements: list[Versement] = []
    for termes_regles, annees in termes.groupes():
        missions = set(termes_regles.missions)
        par_annee: dict[int, dict[str, Decimal]] = {}
        for annee in termes.annees:
            connus = {code: taux.pour(annee, code) for code in missions}
            retenus = {code: valeur for code, valeur in connus.items() if valeur is not None}
            if retenus:
                par_annee[annee] = retenus
        for versement in echeancier(termes_regles, atteintes_par_annee=par_annee, crises_survenues=taux.crises):
            if versement.annee_contrat in annees:
                versements.append(versement)
    ordre = referentiel().ordre_missions
    versements.sort(key=lambda v: (v.du_le, v.annee_contrat, ordre[v.mission], v.volet, v.nature))
    return versements


@dataclass
class Ligne:
    annee: int
    mission: str
    volet: str
    nature: str
    montant: Decimal
    du_le: date | None
    au_plus_tard: date | None
    base: Decimal
    definitif: bool
    paye: Decimal = ZERO
    paiements: list[Paiement] = field(default_factory=list)
    statut: str = ""
    texte: str = ""
    """Le texte qui fixe le montant (vide pour un versement que les termes ne prévoient plus)."""
    lecture: str = ""
    """Non vide quand ce texte est retenu par notre lecture (année à cheval sur deux textes)."""

    @property
    def libelle_texte(self) -> str:
        if not self.texte:
            return ""
        libelle = referentiel().texte(self.texte).libelle
        return f"{libelle} (notre lecture)" if self.lecture else libelle

    @property
    def cle(self) -> Cle:
        return (self.annee, self.mission, self.volet, self.nature)

    @property
    def identifiant(self) -> str:
        """La ligne dans une adresse ou un formulaire : « 2.acces.fixe.solde »."""
        return f"{self.annee}.{self.mission}.{self.volet}.{self.nature}"

    @property
    def restant(self) -> Decimal:
        return self.montant - self.paye

    @property
    def references(self) -> str:
        """Les références des versements faits sur la ligne."""
        return ", ".join(paiement.reference for paiement in self.paiements)

    @property
    def payable(self) -> Decimal:
        """Ce qu'on peut encore verser sur la ligne (zéro tant que l'atteinte n'est pas retenue)."""
        return max(ZERO, self.restant) if self.definitif else ZERO

    @property
    def variable(self) -> bool:
        return est_variable(self.mission, self.volet)

    @property
    def libelle_mission(self) -> str:
        return libelle_mission(self.mission)

    @property
    def libelle_volet(self) -> str:
        return libelle_volet(self.mission, self.volet)

    @property
    def libelle_nature(self) -> str:
        return NatureVersement(self.nature).label

    @property
    def libelle_statut(self) -> str:
        return StatutLigne(self.statut).label

    @property
    def libelle(self) -> str:
        return f"Année {self.annee}, {self.libelle_mission}, {self.libelle_volet}, {self.libelle_nature.lower()}"

    def statut_le(self, le: date) -> str:
        if self.paye > self.montant:
            return StatutLigne.TROP_PERCU
        if self.montant > 0 and self.paye == self.montant and self.definitif:
            return StatutLigne.PAYE
        if self.du_le is None or self.du_le > le:
            return StatutLigne.A_VENIR
        if not self.definitif:
            return StatutLigne.EN_ATTENTE
        if self.au_plus_tard is not None and self.au_plus_tard < le:
            return StatutLigne.EN_RETARD
        return StatutLigne.EXIGIBLE


@dataclass(frozen=True)
class Total:
    du: Decimal
    paye: Decimal

    @property
    def restant(self) -> Decimal:
        return self.du - self.paye


def _total(lignes: Iterable[Ligne]) -> Total:
    lignes = list(lignes)
    return Total(sum((ligne.montant for ligne in lignes), ZERO), sum((ligne.paye for ligne in lignes), ZERO))


class Totaux:
    """Les totaux et les lignes choisies d'un échéancier, qu'il soit calculé (`Echeancier`) ou lu de l'état gardé du
    contrat (`cpts.contrats.etat_du_contrat.EcheancierGarde`) : ils ne lisent que ses lignes."""

    lignes: list[Ligne]

    def ligne(self, cle: Cle) -> Ligne | None:
        return next((ligne for ligne in self.lignes if ligne.cle == cle), None)

    @property
    def total(self) -> Total:
        return _total(self.lignes)

    def par_annee(self) -> list[tuple[int, Total]]:
        groupes: dict[int, list[Ligne]] = defaultdict(list)
        for ligne in self.lignes:
            groupes[ligne.annee].append(ligne)
        return [(annee, _total(groupes[annee])) for annee in sorted(groupes)]

    def par_mission(self) -> list[tuple[str, Total]]:
        ordre = referentiel().ordre_missions
        groupes: dict[str, list[Ligne]] = defaultdict(list)
        for ligne in self.lignes:
            groupes[ligne.mission].append(ligne)
        return [(libelle_mission(code), _total(groupes[code])) for code in sorted(groupes, key=ordre.__getitem__)]

    def par_annee_et_mission(self) -> list[dict[str, object]]:
        """Le solde par année et par mission (ce que demande l'issue : « balance per contract, year and mission »)."""
        ordre = referentiel().ordre_missions
        # Dû et versé cumulés en un passage (un contrat de cinq ans : une centaine de lignes, une trentaine de groupes).
        sommes: dict[tuple[int, str], list[Decimal]] = {}
        for ligne in self.lignes:
            somme = sommes.get((ligne.annee, ligne.mission))
            if somme is None:
                somme = sommes[(ligne.annee, ligne.mission)] = [ZERO, ZERO]
            somme[0] += ligne.montant
            somme[1] += ligne.paye
        return [
            {"annee": annee, "mission": mission, "libelle_mission": libelle_mission(mission), "total": Total(du, paye)}
            for (annee, mission), (du, paye) in sorted(sommes.items(), key=lambda e: (e[0][0], ordre[e[0][1]]))
        ]

    def a_payer(self, jusqu_au: date) -> list[Ligne]:
        """Les lignes payables exigibles au plus tard le jour `jusqu_au` (en retard comprises)."""
        return [ligne for ligne in self.lignes if ligne.payable > 0 and ligne.du_le and ligne.du_le <= jusqu_au]


@dataclass
class Echeancier(Totaux):
    contrat: Contrat
    termes: Termes
    taux: Taux
    lignes: list[Ligne]
    le: date
    versements: list[Versement] = field(default_factory=list)
    atteintes: Mapping[tuple[int, str], AtteinteMission] = field(default_factory=dict)
    """L'atteinte calculée de chaque (année, mission), lue une fois pour les taux et pour les alertes des valeurs."""

    @property
    def avertissements(self) -> list[str]:
        """Missions socles, mission crise après l'avenant 2, territoire trop petit, montants non vérifiés, lectures."""
        return avertissements_du_contrat(self.contrat, self.termes, self.versements)


def taux_du_contrat(
    contrat: Contrat, termes: Termes, atteintes: Mapping[tuple[int, str], AtteinteMission] | None = None
) -> Taux:
    from cpts.contrats.indicateurs import atteintes_calculees

    atteintes = atteintes if atteintes is not None else atteintes_calculees(contrat, termes)
    retenus: dict[tuple[int, str], Decimal] = {}
    crises: dict[int, Decimal] = {}
    for dialogue in dialogues_de(contrat):
        if dialogue.crise_survenue:
            crises[dialogue.annee] = dialogue.taux_crise
        for bilan in dialogue.bilans.all():
            if bilan.taux_retenu is not None:
                retenus[(dialogue.annee, bilan.mission)] = bilan.taux_retenu
    calcules = {cle: atteinte.taux for cle, atteinte in atteintes.items() if atteinte.taux is not None}
    return Taux(retenus=retenus, calcules=calcules, crises=crises)


def paiements_valides(contrat: Contrat) -> list[Paiement]:
    return paiements_valides_de(contrat)


def echeancier_du_contrat(contrat: Contrat, le: date | None = None) -> Echeancier:
    le = le or timezone.localdate()
    from cpts.contrats.indicateurs import atteintes_calculees

    termes = termes_du_contrat(contrat)
    atteintes = atteintes_calculees(contrat, termes)
    taux = taux_du_contrat(contrat, termes, atteintes)
    lignes: dict[Cle, Ligne] = {}
    versements = versements_prevus(termes, taux)
    for versement in versements:
        variable = est_variable(versement.mission, versement.volet)
        ligne = Ligne(
            annee=versement.annee_contrat,
            mission=versement.mission,
            volet=versement.volet,
            nature=versement.nature,
            montant=versement.montant,
            du_le=versement.du_le,
            au_plus_tard=versement.au_plus_tard,
            base=versement.base,
            definitif=not variable or (versement.annee_contrat, versement.mission) in taux.retenus,
            texte=versement.texte,
            lecture=versement.lecture,
        )
        lignes[ligne.cle] = ligne
    for paiement in paiements_valides(contrat):
        cle = (paiement.annee, paiement.mission, paiement.volet, paiement.nature)
        if cle not in lignes:
            # Un versement sur une ligne que les termes actuels ne prévoient plus (mission retirée…) : trop-perçu.
            lignes[cle] = Ligne(*cle, montant=ZERO, du_le=None, au_plus_tard=None, base=ZERO, definitif=True)
        lignes[cle].paye += paiement.montant
        lignes[cle].paiements.append(paiement)
    resultat = list(lignes.values())
    for ligne in resultat:
        ligne.statut = ligne.statut_le(le)
    return Echeancier(
        contrat=contrat, termes=termes, taux=taux, lignes=resultat, le=le, versements=versements, atteintes=atteintes
    )


def missions_par_annee(termes: Termes) -> dict[int, list[str]]:
    return {annee: list(termes.missions_de(annee, datees=False)) for annee in termes.annees}


def crise_manquante_depuis(termes: Termes) -> list[tuple[date, str]]:
    """La mission socle crise absente d'un contrat signé avant l'avenant 2 : le jour d'où elle manque, la phrase."""
    absente = crise_absente(termes.pour_les_regles(1), missions_par_annee=missions_par_annee(termes))
    return [] if absente is None else [absente]


def avertissements_du_contrat(contrat: Contrat, termes: Termes, versements: Iterable[Versement]) -> list[str]:
    phrases = (
        []
        if contrat.population is None or contrat.population >= POPULATION_ATTENDUE
        else [territoire_trop_petit(contrat.population)]
    )
    phrases.extend(
        avertissements_echeancier(
            termes.pour_les_regles(1),
            missions_par_annee=missions_par_annee(termes),
            versements=list(versements),
        )
    )
    return phrases


@dataclass(frozen=True)
class LigneAVenir:
    contrat: Contrat | ContratLu
    ligne: Ligne


def lignes_a_venir(contrats: Iterable[Contrat], le: date, jours: int) -> list[LigneAVenir]:
    """Ce qui reste à verser, exigible d'ici `jours` jours (en retard compris), sur plusieurs contrats."""
    from datetime import timedelta

    jusqu_au = le + timedelta(days=jours)
    resultat = []
    for contrat in contrats:
        for ligne in echeancier_du_contrat(contrat, le).lignes:
            if ligne.restant > 0 and ligne.du_le is not None and ligne.du_le <= jusqu_au:
                resultat.append(LigneAVenir(contrat, ligne))
    return sorted(resultat, key=lambda e: (e.ligne.du_le, e.contrat.cpts.nom, e.ligne.annee))
