"""Lecture des options textuelles des commandes en valeurs des règles, avec un message en français
pour toute saisie mal formée. Les règles elles-mêmes (taux dans [0, 1], mission connue du texte…)
restent vérifiées par `cpts.regles`."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from cpts import bornes
from cpts.regles import OPTIONS, EntreeInvalide, taille
from cpts.regles.dates import FORMES_DU_JOUR, lire_jour
from cpts.regles.montants import ANNEES_DU_PLAN, AnneeDuPlan, Atteinte

FORMATS = ("table", "json")
_ENTIER = re.compile(r"\d+")


def jour(texte: str, option: str) -> date:
    lu = lire_jour(texte)
    if lu is None:
        raise EntreeInvalide(f"date invalide « {texte} » ({option}) : attendu {FORMES_DU_JOUR}")
    if refus := bornes.date_hors_bornes(lu):
        raise EntreeInvalide(f"{refus} ({option})")
    return lu


def entier(texte: str, option: str, quoi: str) -> int:
    if not _ENTIER.fullmatch(texte.strip()):
        raise EntreeInvalide(f"{quoi} invalide « {texte} » ({option}) : nombre entier ≥ 0 attendu")
    return int(texte)


def taille_demandee(population: str | None, taille_donnee: str | None, le: date) -> int:
    """La taille donnée, ou celle de la population ; l'une des deux exactement."""
    if (population is None) == (taille_donnee is None):
        raise EntreeInvalide("indiquez soit --population, soit --taille")
    if population is not None:
        return taille(entier(population, "--population", "population"), le)
    assert taille_donnee is not None
    return entier(taille_donnee, "--taille", "taille")


def missions(texte: str) -> list[str]:
    return [code.strip() for code in texte.split(",") if code.strip()]


def missions_datees(texte: str) -> dict[str, date]:
    datees: dict[str, date] = {}
    for element in missions(texte):
        code, deux_points, debut = element.partition(":")
        if not deux_points:
            raise EntreeInvalide(
                f"mission « {element} » sans date de démarrage (--missions) : attendu mission:JJ/MM/AAAA"
            )
        if code.strip() in datees:
            raise EntreeInvalide(f"mission « {code.strip()} » donnée deux fois (--missions)")
        datees[code.strip()] = jour(debut, f"--missions, {code.strip()}")
    return datees


def options(texte: str | None) -> list[str]:
    """« snp-compensation,fonctionnement-additionnel » : les codes des enveloppes conditionnelles choisies."""
    if texte is None:
        return []
    codes = missions(texte)
    for code in codes:
        if code not in OPTIONS:
            raise EntreeInvalide(f"option « {code} » inconnue (--options) : {', '.join(OPTIONS)}")
    return codes


def options_datees(texte: str | None, par_defaut: date) -> dict[str, date]:
    """« snp-compensation,snp-regulation:2022-01-01 » : chaque option, ouverte à la date donnée ou à la signature."""
    datees: dict[str, date] = {}
    for element in missions(texte or ""):
        code, deux_points, debut = element.partition(":")
        code = code.strip()
        options(code)
        if code in datees:
            raise EntreeInvalide(f"option « {code} » donnée deux fois (--options)")
        datees[code] = jour(debut, f"--options, {code}") if deux_points else par_defaut
    return datees


def crises(texte: str | None) -> dict[int, Decimal]:
    """« 2,4 » : années de contrat où une crise sanitaire grave a été déclarée (taux 100 %), ou « 2=0.5 »."""
    declarees: dict[int, Decimal] = {}
    for element in missions(texte or ""):
        annee, egal, valeur = element.partition("=")
        rang = entier(annee, "--crises", "année de contrat")
        declarees[rang] = taux(valeur, "--crises", "taux de la crise") if egal else Decimal(1)
    return declarees


def atteinte(texte: str | None) -> Atteinte:
    """« 0.8 » pour toutes les missions, ou « acces=0.8,parcours=0.5 » mission par mission."""
    if texte is None:
        return Decimal(1)
    if "=" not in texte:
        return taux(texte.replace(",", "."))
    par_mission: dict[str, Decimal] = {}
    for element in texte.split(","):
        code, egal, valeur = element.partition("=")
        if not egal:
            raise EntreeInvalide(
                f"taux d'atteinte « {element} » illisible (--atteinte) : attendu mission=taux, 0.8 et non 0,8"
            )
        par_mission[code.strip()] = taux(valeur)
    return par_mission


def taux(texte: str, option: str = "--atteinte", quoi: str = "taux d'atteinte") -> Decimal:
    try:
        valeur = Decimal(texte.strip())
    except InvalidOperation:
        valeur = Decimal("NaN")
    if not valeur.is_finite():
        raise EntreeInvalide(f"{quoi} invalide « {texte} » ({option}) : nombre de 0 à 1 attendu")
    return valeur


def annee_du_plan(texte: str | None) -> AnneeDuPlan:
    if texte is None:
        return "premiere"
    for choix in ANNEES_DU_PLAN:
        if texte == choix:
            return choix
    raise EntreeInvalide(f"année du plan de crise « {texte} » inconnue (--crise-annee) : premiere ou suivante")


def format_de_sortie(texte: str) -> str:
    if texte not in FORMATS:
        raise EntreeInvalide(f"format « {texte} » inconnu (--format) : table ou json")
    return texte
