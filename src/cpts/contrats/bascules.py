"""Les alertes d'un contrat écrites une fois pour tous les jours : chacune avec la fenêtre de dates où elle se lit.

Les alertes (`cpts.contrats.alertes`) dépendent du jour où on les lit, mais ne changent qu'à des jours connus
d'avance : échéances et dates limites des versements, anniversaires du contrat, dates limites des missions sous
chaque texte, entrée en vigueur des textes et des réglages, fin des années (valeurs manquantes), fin du contrat,
premier janvier (comptes de l'année écoulée). Entre deux de ces « jours de bascule », la liste des alertes est la
même : elle est calculée une fois à chaque bascule, par le code des alertes lui-même (aucune règle recopiée), puis
les jours consécutifs où une même alerte se lit sont fondus en une fenêtre [depuis, jusqu'au).

Une alerte dont l'échéance serait découverte en la lisant (date limite sous un texte que la liste ci-dessus aurait
oubliée) ajoute ses propres bascules (la veille de son horizon, le lendemain de son échéance) et le calcul reprend :
une omission de la liste ne peut que coûter des calculs, pas fausser une fenêtre déjà vue.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from cpts.contrats.alertes import (
    DELAI_DIALOGUE_MOIS,
    HORIZON_MISSIONS_MOIS,
    HORIZON_VALEURS_JOURS,
    Alerte,
    alertes_du_contrat,
)
from cpts.contrats.echeancier import Echeancier, crise_manquante_depuis
from cpts.contrats.models import Contrat
from cpts.contrats.renouvellement import horizon_alerte_fin_mois
from cpts.regles import echeances_missions, referentiel
from cpts.regles.comptabilite.parametres import parametre
from cpts.regles.dates import ajouter_mois, anniversaire

UN_JOUR = timedelta(days=1)
REGLAGES_FONDS = ("comptes.delai_depot_mois", "comptes.seuil_reserves")
TOURS_MAX = 5

Cle = tuple[str, str, date | None, str]
"""(objet, niveau, échéance — vide si c'est le jour demandé —, message) : une alerte telle qu'elle se lit."""


@dataclass(frozen=True)
class AlerteDatee:
    rang: int
    depuis: date
    """Premier jour où l'alerte se lit."""
    jusqu_au: date | None
    """Premier jour où elle ne se lit plus ; vide : jusqu'à une écriture qui la change."""
    type: str
    niveau: str
    echeance: date | None
    message: str


@cache
def bascules_des_textes() -> frozenset[date]:
    """L'entrée en vigueur de chaque texte, de chaque délai des missions et des réglages de l'emploi des fonds."""
    jours: set[date] = set()
    for texte in referentiel().financiers:
        jours.add(texte.en_vigueur_le)
        for delai in (texte.delais or {}).values():
            jours.update(valeur.depuis for valeur in delai.valeurs)
    for cle in REGLAGES_FONDS:
        jours.update(valeur.depuis for valeur in parametre(cle).valeurs)
    return frozenset(jours)


def jours_de_bascule(contrat: Contrat, echeancier: Echeancier) -> set[date]:
    """Les jours où la liste des alertes du contrat peut changer sans qu'on écrive rien."""
    termes = echeancier.termes
    textes = bascules_des_textes()
    jours = {contrat.signature, contrat.fin, *textes}
    jours.update(anniversaire(contrat.signature, annee) for annee in range(termes.duree + 1))
    jours.update(avenant.effet_le for avenant in contrat.avenants.all())
    for ligne in echeancier.lignes:
        jours.update(jour for jour in (ligne.du_le, ligne.au_plus_tard and ligne.au_plus_tard + UN_JOUR) if jour)
    missions = list(contrat.missions.all())
    for mission in missions:
        jours.update(jour for jour in (mission.demarrage, mission.deploiement) if jour)
    # Les dates limites des missions suivent le texte en vigueur le jour lu : celles de chaque texte du contrat.
    codes = {mission.mission for mission in missions}
    for le in {contrat.signature, *(jour for jour in textes if contrat.signature < jour < contrat.fin)}:
        for echeance in echeances_missions(contrat.signature, codes, le):
            for limite in (echeance.demarrage_au_plus_tard, echeance.deploiement_au_plus_tard):
                if limite is not None:
                    jours.update((ajouter_mois(limite, -HORIZON_MISSIONS_MOIS), limite + UN_JOUR))
    for annee in termes.annees:
        fin = termes.fin(annee)
        jours.update((fin - timedelta(days=HORIZON_VALEURS_JOURS), ajouter_mois(fin, DELAI_DIALOGUE_MOIS) + UN_JOUR))
    jours.update(depuis for depuis, _ in crise_manquante_depuis(termes))
    jours.add(ajouter_mois(contrat.fin, -horizon_alerte_fin_mois(contrat.fin)))
    delais_depot = {int(valeur.valeur) for valeur in parametre("comptes.delai_depot_mois").valeurs}
    for annee in range(contrat.signature.year, contrat.fin.year + 1):
        jours.add(date(annee + 1, 1, 1))
        jours.update(ajouter_mois(date(annee, 12, 31), delai) + UN_JOUR for delai in delais_depot)
    return jours


def _cle(alerte: Alerte) -> Cle:
    return (alerte.type, alerte.niveau, None if alerte.echeance_du_jour else alerte.echeance, alerte.message)


def _lire(contrat: Contrat, echeancier: Echeancier, le: date) -> list[Cle]:
    for ligne in echeancier.lignes:
        ligne.statut = ligne.statut_le(le)
    return [_cle(alerte) for alerte in alertes_du_contrat(contrat, le, echeancier)]


def _bascules_vues(cles: Iterable[Cle]) -> set[date]:
    jours = set()
    for _, _, echeance, _ in cles:
        if echeance is not None:
            jours.update((ajouter_mois(echeance, -HORIZON_MISSIONS_MOIS), echeance + UN_JOUR))
    return jours


def _ranger(ordre: list[Cle], lue: list[Cle]) -> None:
    """Place les alertes nouvelles d'une lecture juste après celle qui les précède dans cette lecture : à échéance et
    niveau égaux, les alertes d'un contrat gardent l'ordre où le code les produit, quel que soit le jour."""
    places = set(ordre)
    for position, cle in enumerate(lue):
        if cle not in places:
            ordre.insert(ordre.index(lue[position - 1]) + 1 if position else 0, cle)
            places.add(cle)


def alertes_datees(contrat: Contrat, echeancier: Echeancier) -> list[AlerteDatee]:
    """Toutes les alertes du contrat, chacune avec les jours où elle se lit (l'échéancier vient d'être calculé)."""
    lectures: dict[date, list[Cle]] = {}
    # Avant le premier texte, rien ne se calcule (les règles refusent la date) : le premier texte ouvre la première
    # fenêtre, et l'état ne dit rien des jours d'avant.
    premier = referentiel().financiers[0].en_vigueur_le
    jours = {jour for jour in jours_de_bascule(contrat, echeancier) if jour >= premier}
    for _ in range(TOURS_MAX):
        for jour in sorted(jours - lectures.keys()):
            lectures[jour] = _lire(contrat, echeancier, jour)
        vues = _bascules_vues(cle for cles in lectures.values() for cle in cles)
        nouveaux = {jour for jour in vues if jour >= premier} - lectures.keys()
        if not nouveaux:
            break
        jours |= nouveaux
    ordonnes = sorted(lectures)
    bornes = [(jour, suivant, lectures[jour]) for jour, suivant in zip(ordonnes, [*ordonnes[1:], None], strict=True)]
    fenetres: dict[Cle, list[tuple[date, date | None]]] = {}
    ordre: list[Cle] = []
    for depuis, jusqu_au, cles in bornes:
        _ranger(ordre, cles)
        for cle in cles:
            suite = fenetres.setdefault(cle, [])
            if suite and suite[-1][1] == depuis:
                suite[-1] = (suite[-1][0], jusqu_au)
            else:
                suite.append((depuis, jusqu_au))
    rangs = {cle: rang for rang, cle in enumerate(ordre)}
    return [
        AlerteDatee(rangs[cle], depuis, jusqu_au, *cle) for cle, suite in fenetres.items() for depuis, jusqu_au in suite
    ]
