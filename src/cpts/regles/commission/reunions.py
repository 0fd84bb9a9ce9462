"""Réunions : délais de convocation, d'ordre du jour et de relevé, nombre minimum de réunions par an."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from cpts.regles.commission.parametres import valeur


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
