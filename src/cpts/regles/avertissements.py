"""Avertissements d'un calcul : ce qu'un montant ne dit pas seul et que la personne doit lire avec lui.

Chaque avertissement est une phrase en français ; une liste vide veut dire « rien à signaler ».
"""

from collections.abc import Iterable, Sequence
from datetime import date

from cpts.regles.bareme import OPTIONS, Bareme, Mission, Volet
from cpts.regles.dates import jour_fr

POPULATION_ATTENDUE = 15_000
"""En dessous, le territoire est jugé peu pertinent (guide ARS Auvergne-Rhône-Alpes pour les porteurs de
projet CPTS, annexe 3 : une population d'au moins 15 000 habitants est attendue)."""


def avertissements_financement(
    bareme: Bareme,
    missions: Iterable[str],
    population: int | None,
    non_verifies: Sequence[tuple[Mission, Volet]],
    options: Iterable[str],
) -> tuple[str, ...]:
    phrases = [*socles_manquants(bareme, missions)]
    if population is not None and population < POPULATION_ATTENDUE:
        phrases.append(territoire_trop_petit(population))
    phrases.extend(options_sans_effet(bareme, options))
    phrases.extend(montant_non_verifie(mission, volet) for mission, volet in non_verifies)
    return tuple(phrases)


def socles_manquants(bareme: Bareme, missions: Iterable[str]) -> list[str]:
    retenues = set(missions)
    manquantes = [
        mission.libelle.lower()
        for mission in bareme.missions.values()
        if mission.categorie == "socle" and mission.code not in retenues
    ]
    if not manquantes:
        return []
    return [
        f"Missions socles manquantes ({', '.join(manquantes)}) : sous le texte {bareme.texte.libelle}, un projet sans"
        " toutes ses missions socles ne pourra pas être financé (guide ARS Auvergne-Rhône-Alpes, annexe 4 ;"
        " guide URPS Médecins libéraux Auvergne-Rhône-Alpes, §1.3)."
    ]


def territoire_trop_petit(population: int) -> str:
    return (
        f"Territoire de {_milliers(population)} habitants, sous les {_milliers(POPULATION_ATTENDUE)} attendus par"
        " le guide ARS Auvergne-Rhône-Alpes (annexe 3) : sa pertinence sera discutée."
    )


def _milliers(nombre: int) -> str:
    return f"{nombre:,}".replace(",", " ")


def options_sans_effet(bareme: Bareme, options: Iterable[str]) -> list[str]:
    ouvertes = {volet.option for mission in bareme.missions.values() for volet in mission.volets if volet.option}
    return [
        f"L'option « {code} » n'existe pas dans le texte {bareme.texte.libelle} : elle reste sans effet."
        for code in options
        if code in OPTIONS and code not in ouvertes
    ]


def montant_non_verifie(mission: Mission, volet: Volet) -> str:
    sources = " ; ".join(reference.titre for valeur in volet.montants.valeurs for reference in valeur.references)
    note = f" {volet.montants.note}" if volet.montants.note else ""
    return (f"Montant non vérifié au texte : {mission.libelle}, {volet.libelle}.{note} Source : {sources}.").replace(
        "..", "."
    )


def crise_manquante(bareme: Bareme, depuis: date) -> str:
    return (
        f"La mission socle crises sanitaires graves manque au contrat depuis le {jour_fr(depuis)}"
        f" ({bareme.texte.libelle}) : un avenant doit l'ajouter."
    )
