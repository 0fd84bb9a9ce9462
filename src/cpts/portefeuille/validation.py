"""Une ligne lue devient une `Fiche`, ou la liste de ses erreurs, chacune nommant sa colonne.

Ne sont vérifiés ici que le format des cellules et leur cohérence dans la ligne (ordre des dates, contrat après le
projet de santé, clé du SIRET, formules). Ce qui dépend de la base (commune déjà prise, droits, transitions) est
vérifié par les services du domaine au moment d'écrire : une seule définition de chaque règle.
"""

from collections.abc import Callable
from typing import TypeVar

from cpts.dossiers.siret import normaliser, siret_valide
from cpts.portefeuille.format import (
    CONTRAT,
    CONTRAT_PRECEDENT,
    DEBUTS_DE_FORMULE,
    ETAPES,
    ContratFiche,
    Decision,
    Fiche,
    ValeurInvalide,
    lire_codes,
    lire_date,
    lire_entier,
    lire_instance,
    lire_missions,
    lire_montant,
)
from cpts.portefeuille.lecture import LigneLue

T = TypeVar("T")
Erreurs = list[tuple[str, str]]


def _sans_formule(valeurs: dict[str, str], erreurs: Erreurs) -> dict[str, str]:
    """Une cellule qui commence par =, +, -, @ serait exécutée par un tableur : refusée. Une apostrophe en tête (la
    neutralisation de nos exports) est retirée."""
    propres = {}
    for colonne, texte in valeurs.items():
        if texte.startswith("'") and texte[1:].startswith(DEBUTS_DE_FORMULE):
            texte = texte[1:]
        elif texte.startswith(DEBUTS_DE_FORMULE):
            erreurs.append((colonne, f"« {texte[:30]} » commence comme une formule de tableur (=, +, -, @) : refusée."))
            texte = ""
        propres[colonne] = texte
    return propres


def _lire(colonne: str, lecteur: Callable[[str], T], valeurs: dict[str, str], erreurs: Erreurs) -> T | None:
    try:
        return lecteur(valeurs.get(colonne, ""))
    except ValeurInvalide as erreur:
        erreurs.append((colonne, f"{erreur}."))
        return None


def _siret(valeurs: dict[str, str], erreurs: Erreurs) -> str:
    brut = valeurs.get("siret", "")
    siret = normaliser(brut)
    if siret and not siret_valide(siret):
        forme = len(siret) == 14 and siret.isascii() and siret.isdigit()
        erreurs.append(
            (
                "siret",
                f"« {brut} » : la clé de contrôle est fausse." if forme else f"« {brut} » : 14 chiffres attendus.",
            )
        )
    return siret


def _etapes(valeurs: dict[str, str], erreurs: Erreurs) -> dict[str, Decision]:
    etapes: dict[str, Decision] = {}
    for colonne in ETAPES:
        date = _lire(f"{colonne}_le", lire_date, valeurs, erreurs)
        texte_instance = valeurs.get(f"{colonne}_instance", "")
        instance = _lire(f"{colonne}_instance", lire_instance, valeurs, erreurs) if texte_instance else None
        if date and not instance:
            if not texte_instance:
                erreurs.append((f"{colonne}_instance", "l'instance qui a décidé est obligatoire avec la date."))
        elif instance and not date and f"{colonne}_le" not in {c for c, _ in erreurs}:
            erreurs.append((f"{colonne}_le", "la date de la décision manque (l'instance est renseignée)."))
        if date and instance:
            etapes[colonne] = Decision(date, instance)
    return etapes


def _ordre(fiche: Fiche, erreurs: Erreurs) -> None:
    """Les étapes se suivent : chaque date au plus tôt le jour de la précédente, la dynamique d'abord."""
    colonnes = list(ETAPES)
    presentes = [colonne for colonne in colonnes if colonne in fiche.etapes]
    parcours = [colonne for colonne in colonnes if colonne != "abandon"]
    atteintes = [colonne for colonne in parcours if colonne in fiche.etapes]
    if atteintes and atteintes != parcours[: len(atteintes)]:
        manque = next(colonne for colonne in parcours if colonne not in fiche.etapes)
        erreurs.append(
            (f"{manque}_le", f"étape sautée : {atteintes[-1]} est atteinte sans la date de l'étape {manque}.")
        )
        return
    precedente, nom_precedente = fiche.dynamique_depuis, "dynamique_depuis"
    for colonne in presentes:
        date = fiche.etapes[colonne].date
        if precedente and date < precedente:
            erreurs.append(
                (
                    f"{colonne}_le",
                    f"le {date:%d/%m/%Y} précède {nom_precedente} ({precedente:%d/%m/%Y}) : dates dans le désordre.",
                )
            )
        precedente, nom_precedente = date, f"{colonne}_le"


def _contrat(valeurs: dict[str, str], prefixe: str, erreurs: Erreurs) -> ContratFiche | None:
    """Le contrat des colonnes `prefixe_*` (contrat, contrat_precedent), s'il y en a un."""
    colonnes = [f"{prefixe}_{suffixe}" for suffixe in ("signature", "taille", "population", "membres", "missions")]
    if not any(valeurs.get(colonne) for colonne in colonnes):
        return None
    avant = len(erreurs)
    signature = _lire(f"{prefixe}_signature", lire_date, valeurs, erreurs)
    taille = _lire(f"{prefixe}_taille", lambda t: lire_entier(t, 1), valeurs, erreurs)
    population = _lire(f"{prefixe}_population", lire_entier, valeurs, erreurs)
    membres = _lire(f"{prefixe}_membres", lire_entier, valeurs, erreurs)
    missions = _lire(f"{prefixe}_missions", lire_missions, valeurs, erreurs) or []
    for colonne, valeur in ((f"{prefixe}_signature", signature), (f"{prefixe}_taille", taille)):
        if valeur is None and colonne not in {c for c, _ in erreurs[avant:]}:
            erreurs.append((colonne, "obligatoire quand la ligne porte un contrat."))
    if taille is not None and taille > 4:
        erreurs.append((f"{prefixe}_taille", f"« {taille} » : la taille va de 1 à 4."))
    if len(erreurs) > avant or signature is None or taille is None:
        return None
    return ContratFiche(signature, taille, population, membres or 0, tuple(missions))


def _contrats(
    valeurs: dict[str, str], etapes: dict[str, Decision], erreurs: Erreurs
) -> tuple[ContratFiche | None, ContratFiche | None]:
    """Le dernier contrat et celui qu'il renouvelle : le premier signé après la validation du projet de santé, le
    second après le premier."""
    precedent = _contrat(valeurs, CONTRAT_PRECEDENT, erreurs)
    contrat = _contrat(valeurs, CONTRAT, erreurs)
    if precedent and contrat is None and "contrat_signature" not in {c for c, _ in erreurs}:
        erreurs.append(
            (
                "contrat_signature",
                "vide, alors que contrat_precedent_signature est datée : les colonnes contrat_* portent le contrat "
                "qui le renouvelle.",
            )
        )
    if precedent and contrat and contrat.signature <= precedent.signature:
        erreurs.append(
            (
                "contrat_precedent_signature",
                f"le contrat précédent est signé le {precedent.signature:%d/%m/%Y}, pas avant celui qui le renouvelle "
                f"({contrat.signature:%d/%m/%Y}).",
            )
        )
    premier = precedent or contrat
    validation = etapes.get("projet_sante_valide")
    if premier and validation and premier.signature < validation.date:
        colonne = "contrat_precedent_signature" if precedent else "contrat_signature"
        erreurs.append(
            (
                colonne,
                f"le contrat est signé le {premier.signature:%d/%m/%Y}, avant la validation du projet de santé "
                f"({validation.date:%d/%m/%Y}).",
            )
        )
    if premier and "contrat_signe" not in etapes:
        erreurs.append(("contrat_signe_le", "un contrat suppose l'étape « contrat signé » datée, avec son instance."))
    return contrat, precedent


def lire_fiche(
    ligne: LigneLue, communes_des_epci: Callable[[list[str]], tuple[list[str], list[str]]]
) -> tuple[Fiche | None, Erreurs]:
    """`communes_des_epci(sirens)` rend les codes des communes de ces EPCI et les SIREN inconnus."""
    erreurs: Erreurs = []
    valeurs = _sans_formule(ligne.valeurs, erreurs)
    for colonne in ("nom", "departement", "dynamique_depuis"):
        if not valeurs.get(colonne):
            erreurs.append((colonne, "obligatoire."))
    siret = _siret(valeurs, erreurs)
    dynamique_depuis = _lire("dynamique_depuis", lire_date, valeurs, erreurs)
    etapes = _etapes(valeurs, erreurs)
    subvention = _lire("subvention_fir", lire_montant, valeurs, erreurs)
    if subvention is not None and "pre_projet_valide" not in etapes:
        erreurs.append(("subvention_fir", "la subvention FIR suit la validation du pré-projet, non datée ici."))
    motif = valeurs.get("abandon_motif", "")
    if "abandon" in etapes and not motif:
        erreurs.append(("abandon_motif", "obligatoire pour un abandon."))
    territoire_depuis = _lire("territoire_depuis", lire_date, valeurs, erreurs)
    communes = lire_codes(valeurs.get("communes", ""))
    sirens = lire_codes(valeurs.get("epci", ""))
    if sirens:
        des_epci, inconnus = communes_des_epci(sirens)
        erreurs += [("epci", f"SIREN d'EPCI inconnu : {siren}.") for siren in inconnus]
        communes = list(dict.fromkeys(communes + des_epci))
    if communes and territoire_depuis is None and "territoire_depuis" not in {c for c, _ in erreurs}:
        erreurs.append(("territoire_depuis", "obligatoire avec les communes : la date de la composition."))
    if territoire_depuis and not communes:
        erreurs.append(("communes", "vide, alors que territoire_depuis est daté."))
    contrat, precedent = _contrats(valeurs, etapes, erreurs)
    fiche = Fiche(
        nom=valeurs.get("nom", ""),
        siret=siret,
        association=valeurs.get("association", ""),
        departement=valeurs.get("departement", "").upper(),
        autres_departements=tuple(
            code.upper()
            for code in lire_codes(valeurs.get("autres_departements", ""))
            if code.upper() != valeurs.get("departement", "").upper()
        ),
        dynamique_depuis=dynamique_depuis,
        etapes=etapes,
        subvention_fir=subvention,
        abandon_motif=motif,
        territoire_depuis=territoire_depuis,
        communes=tuple(sorted(communes)),
        contrat=contrat,
        contrat_precedent=precedent,
    )
    if not erreurs:
        _ordre(fiche, erreurs)
    return (None, erreurs) if erreurs else (fiche, [])
