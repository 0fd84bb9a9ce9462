"""Scénarios sur les territoires, par le vrai serveur : résumé de 200 communes, ajout et retrait d'une commune dans
le compositeur (requêtes htmx), recherche d'une commune et plus petite page d'un utilisateur connecté."""

import json
import re
import urllib.parse
from collections.abc import Callable, Sequence
from typing import TypeVar

from cpts.bench.acces import Acces
from cpts.bench.mesure import Serie, comparer
from cpts.bench.rapport import Resultat
from cpts.bench.serveur import Client, verifier

CIBLE_REQUETE = 3.0
CIBLE_RESUME = 2.0
CIBLE_RECHERCHE = 2.0
CIBLE_PLANCHER = 3.0
# Un début de nom très fréquent (« Saint-… ») : le cas le plus lourd de la recherche d'une commune.
RECHERCHE = "sai"
REFERENCE = "requête triviale GET /sante/ (même serveur, même client)"
FORMULAIRE = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"}
T = TypeVar("T")


def _comparer_a_sante(
    client: Client,
    operation: Callable[[], T],
    repetitions: int,
    preparation: Callable[[], object] | None = None,
    controle: Callable[[T], object] | None = None,
) -> tuple[Serie, Serie]:
    return comparer(operation, lambda: verifier(client.get("/sante/")), repetitions, preparation, controle)


def resume(client: Client, acces: Acces, codes: Sequence[str], repetitions: int) -> Resultat:
    corps = json.dumps({"communes": list(codes)}).encode()
    entetes = {"Content-Type": "application/json", **acces.entetes_api}

    def demander() -> bytes:
        return verifier(client.requete("POST", "/api/v1/territoires/resume", corps, entetes)).corps

    def controler(reponse: bytes) -> None:
        donnees = json.loads(reponse)
        if donnees["communes"] != len(codes):
            raise RuntimeError(f"Résumé incomplet : {donnees['communes']} communes sur {len(codes)}.")

    serie, reference = _comparer_a_sante(client, demander, repetitions, controle=controler)
    rapport = serie.mediane / reference.mediane
    return Resultat(
        "resume_territoire",
        f"Résumé d'un territoire de {len(codes)} communes (API)",
        f"≤ {CIBLE_RESUME:g} × requête triviale",
        rapport <= CIBLE_RESUME,
        serie,
        reference,
        REFERENCE,
        details={"communes": len(codes), "chemin": "POST /api/v1/territoires/resume"},
    )


def _compte_du_fragment(corps: bytes, attendu: int, action: str) -> None:
    compte = re.search(rb'id="resume-communes">\s*(\d+)', corps)
    if compte is None or int(compte.group(1)) != attendu:
        raise RuntimeError(f"Le fragment de composition ne compte pas la commune {action}.")


def _changement_de_commune(
    client: Client, acces: Acces, codes: Sequence[str], repetitions: int, ajout: bool
) -> Resultat:
    """La composition libre de la session compte déjà les autres communes : l'ajout mesuré fait la dernière, le retrait
    mesuré la retire (chacun précédé, hors chrono, de l'autre)."""
    derniere = urllib.parse.urlencode({"code": codes[-1]}).encode()
    entetes = {**FORMULAIRE, **acces.entetes}

    def poster(action: str) -> bytes:
        return verifier(client.requete("POST", f"/territoires/composer/{action}/", derniere, entetes)).corps

    def ajouter() -> bytes:
        return poster("ajouter")

    def retirer() -> bytes:
        return poster("retirer")

    def controler_ajout(fragment: bytes) -> None:
        _compte_du_fragment(fragment, len(codes), "ajoutée")

    def controler_retrait(fragment: bytes) -> None:
        _compte_du_fragment(fragment, len(codes) - 1, "retirée")

    # La préparation (l'autre clic) est vérifiée aussi : un clic refusé fausserait la mesure suivante.
    operation, controle, preparation = (
        (ajouter, controler_ajout, lambda: controler_retrait(retirer()))
        if ajout
        else (retirer, controler_retrait, lambda: controler_ajout(ajouter()))
    )
    serie, reference = _comparer_a_sante(client, operation, repetitions, preparation, controle)
    rapport = serie.mediane / reference.mediane
    nom, libelle, action = (
        ("ajout_commune", "Ajout d'une commune au compositeur", "ajouter")
        if ajout
        else ("retrait_commune", "Retrait d'une commune du compositeur", "retirer")
    )
    return Resultat(
        nom,
        f"{libelle} ({len(codes)}e, htmx)",
        f"≤ {CIBLE_REQUETE:g} × requête triviale",
        rapport <= CIBLE_REQUETE,
        serie,
        reference,
        REFERENCE,
        details={"communes": len(codes), "chemin": f"POST /territoires/composer/{action}/"},
    )


def ajout_commune(client: Client, acces: Acces, codes: Sequence[str], repetitions: int) -> Resultat:
    return _changement_de_commune(client, acces, codes, repetitions, ajout=True)


def retrait_commune(client: Client, acces: Acces, codes: Sequence[str], repetitions: int) -> Resultat:
    return _changement_de_commune(client, acces, codes, repetitions, ajout=False)


def recherche_commune(client: Client, acces: Acces, repetitions: int) -> Resultat:
    """La recherche d'une commune du compositeur (requête htmx à chaque frappe)."""
    chemin = f"/territoires/composer/recherche/?q={RECHERCHE}"
    entetes = {"HX-Request": "true", **acces.entetes}

    def chercher() -> bytes:
        return verifier(client.requete("GET", chemin, None, entetes)).corps

    def controler(fragment: bytes) -> None:
        if b"(" not in fragment:
            raise RuntimeError(f"La recherche « {RECHERCHE} » ne propose aucune commune.")

    serie, reference = _comparer_a_sante(client, chercher, repetitions, controle=controler)
    return Resultat(
        "recherche_commune",
        f"Recherche d'une commune au compositeur (« {RECHERCHE} », htmx)",
        f"≤ {CIBLE_RECHERCHE:g} × requête triviale",
        serie.mediane / reference.mediane <= CIBLE_RECHERCHE,
        serie,
        reference,
        REFERENCE,
        details={"chemin": chemin},
    )


def plancher(client: Client, chemin: str, repetitions: int) -> Resultat:
    """La plus petite page d'un utilisateur connecté (gabarit de base, menu, session) face à /sante/."""
    serie, reference = _comparer_a_sante(client, lambda: verifier(client.get(chemin)), repetitions)
    return Resultat(
        "page_triviale",
        f"Plus petite page d'un utilisateur connecté ({chemin})",
        f"≤ {CIBLE_PLANCHER:g} × requête triviale",
        serie.mediane / reference.mediane <= CIBLE_PLANCHER,
        serie,
        reference,
        REFERENCE,
        details={"chemin": chemin},
    )
