"""Client de charge, lancé dans son propre processus : `python -m cpts.bench.charge` (bibliothèque standard seule).

Plusieurs processus (un seul processus Python serait lui-même le goulot), chacun avec quelques fils qui gardent
leur connexion ouverte, envoient en boucle les requêtes d'un plan pendant la durée donnée, puis s'arrêtent. Le plan
(fichier JSON) mêle deux sortes de requêtes : des pages, envoyées avec le cookie de session d'un utilisateur
connecté, et des appels à l'API, avec son jeton. Un premier tour non compté chauffe les caches du serveur. Le
résultat (requêtes par seconde, erreurs, latences p50, p90 et p99), par sorte, par requête et pour l'ensemble,
s'écrit en JSON sur la sortie standard. Seule la boucle locale est visée. Le cookie et le jeton sont lus dans
CPTS_BENCH_COOKIE et CPTS_BENCH_JETON, pas dans les arguments (visibles de tous les processus).
"""

import argparse
import http.client
import itertools
import json
import multiprocessing
import os
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOTE = "127.0.0.1"
PAGES = "pages"
API = "api"
SORTES = (PAGES, API)


@dataclass(frozen=True)
class Requete:
    sorte: str
    """`pages` (cookie de session) ou `api` (jeton)."""
    nom: str
    """Ce que la requête demande (« fiche d'une CPTS ») : les latences sont aussi rapportées par nom."""
    chemin: str
    methode: str = "GET"
    corps: str | None = None
    """Corps JSON d'un appel à l'API."""

    @classmethod
    def depuis_json(cls, donnees: dict[str, Any]) -> "Requete":
        requete = cls(**donnees)
        if requete.sorte not in SORTES:
            raise ValueError(f"Sorte de requête inconnue : {requete.sorte}.")
        return requete


def _entetes(requete: Requete, port: int, cookie: str, jeton: str) -> dict[str, str]:
    entetes = {"Host": f"{HOTE}:{port}"}
    if requete.sorte == PAGES:
        entetes["Cookie"] = cookie
    else:
        entetes["Authorization"] = f"Bearer {jeton}"
    if requete.corps is not None:
        entetes["Content-Type"] = "application/json"
    return entetes


def _fil(
    port: int,
    plan: list[Requete],
    secrets: tuple[str, str],
    fin: float,
    mesures: list[tuple[Requete, float, str]],
    tours: int | None = None,
) -> None:
    """Parcourt le plan en boucle jusqu'à `fin` (ou `tours` fois). Chaque mesure : (requête, latence en secondes,
    erreur ou chaîne vide)."""
    connexion = http.client.HTTPConnection(HOTE, port, timeout=60)
    for requete in itertools.chain.from_iterable(itertools.repeat(plan, tours) if tours else itertools.repeat(plan)):
        if time.monotonic() >= fin:
            break
        corps = requete.corps.encode() if requete.corps is not None else None
        debut = time.perf_counter()
        try:
            connexion.request(requete.methode, requete.chemin, body=corps, headers=_entetes(requete, port, *secrets))
            reponse = connexion.getresponse()
            reponse.read()
        except (OSError, http.client.HTTPException) as erreur:
            mesures.append((requete, time.perf_counter() - debut, type(erreur).__name__))
            connexion.close()
            connexion = http.client.HTTPConnection(HOTE, port, timeout=60)
            continue
        erreur_http = "" if reponse.status == 200 else f"HTTP {reponse.status} {requete.methode} {requete.chemin}"
        mesures.append((requete, time.perf_counter() - debut, erreur_http))
    connexion.close()


def _processus(
    port: int, plan: list[Requete], secrets: tuple[str, str], fin: float, fils: int, decalage: int, clients: int
) -> list[tuple[Requete, float, str]]:
    mesures: list[tuple[Requete, float, str]] = []
    # Chaque fil part d'un point différent du plan, régulièrement espacé : les requêtes simultanées ne visent pas
    # toutes la même page.
    pas = max(1, len(plan) // clients)
    departs = [((decalage + i) * pas) % len(plan) for i in range(fils)]
    taches = [
        threading.Thread(target=_fil, args=(port, plan[depart:] + plan[:depart], secrets, fin, mesures))
        for depart in departs
    ]
    for tache in taches:
        tache.start()
    for tache in taches:
        tache.join()
    return mesures


def _quantile(valeurs: list[float], q: float) -> float:
    if len(valeurs) < 2:
        return valeurs[0] if valeurs else 0.0
    return statistics.quantiles(valeurs, n=100, method="inclusive")[round(q * 100) - 1]


def resumer(mesures: list[tuple[float, str]], ecoule: float) -> dict[str, Any]:
    """Débit, erreurs et latences (en millisecondes) d'un ensemble de mesures (latence, erreur)."""
    latences = sorted(latence for latence, erreur in mesures if not erreur)
    erreurs = [erreur for _, erreur in mesures if erreur]
    return {
        "requetes": len(mesures),
        "requetes_par_seconde": round(len(mesures) / ecoule, 1) if ecoule else 0.0,
        "erreurs": len(erreurs),
        "exemples_erreurs": sorted(set(erreurs))[:5],
        "latence_ms": {
            "p50": round(_quantile(latences, 0.5) * 1000, 2),
            "p90": round(_quantile(latences, 0.9) * 1000, 2),
            "p99": round(_quantile(latences, 0.99) * 1000, 2),
            "max": round((latences[-1] if latences else 0.0) * 1000, 2),
        },
    }


def _echauffer(port: int, plan: list[Requete], secrets: tuple[str, str], clients: int) -> None:
    """Un premier tour non compté : chaque sorte de requête une fois par client, en même temps (les connexions
    simultanées se répartissent entre les processus du serveur), pour que les caches de chaque processus soient
    chauds. Ses erreurs se retrouveraient dans la mesure qui suit."""
    une_de_chaque = list({requete.nom: requete for requete in plan}.values())
    ignorees: list[tuple[Requete, float, str]] = []
    taches = [
        threading.Thread(target=_fil, args=(port, une_de_chaque, secrets, float("inf"), ignorees, 1))
        for _ in range(clients)
    ]
    for tache in taches:
        tache.start()
    for tache in taches:
        tache.join()


def charger(
    port: int, plan: list[Requete], secrets: tuple[str, str], duree: float, processus: int, fils: int
) -> dict[str, Any]:
    """`secrets` : (cookie des pages, jeton de l'API)."""
    _echauffer(port, plan, secrets, processus * fils)
    debut = time.monotonic()
    fin = debut + duree
    with multiprocessing.get_context("fork").Pool(processus) as groupe:
        par_processus = groupe.starmap(
            _processus, [(port, plan, secrets, fin, fils, rang * fils, processus * fils) for rang in range(processus)]
        )
    ecoule = time.monotonic() - debut
    par_sorte: dict[str, list[tuple[float, str]]] = defaultdict(list)
    par_nom: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for requete, latence, erreur in itertools.chain.from_iterable(par_processus):
        par_sorte[requete.sorte].append((latence, erreur))
        par_nom[requete.nom].append((latence, erreur))
    noms = {requete.nom: requete.sorte for requete in plan}
    return {
        "duree_s": round(ecoule, 2),
        "processus": processus,
        "fils_par_processus": fils,
        "clients_simultanes": processus * fils,
        "plan": {sorte: sum(1 for requete in plan if requete.sorte == sorte) for sorte in SORTES},
        "ensemble": resumer([mesure for sorte in SORTES for mesure in par_sorte[sorte]], ecoule),
        **{sorte: resumer(par_sorte[sorte], ecoule) for sorte in SORTES},
        # La plus lente d'abord (p90) : ce qui fait la queue des latences de sa sorte.
        "par_requete": sorted(
            ({"nom": nom, "sorte": sorte, **resumer(par_nom[nom], ecoule)} for nom, sorte in noms.items()),
            key=lambda ligne: -ligne["latence_ms"]["p90"],
        ),
    }


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("--port", type=int, required=True)
    parseur.add_argument("--plan", type=Path, required=True, help="fichier JSON : liste de requêtes (sorte, chemin…)")
    parseur.add_argument("--duree", type=float, default=60.0, help="secondes")
    parseur.add_argument("--processus", type=int, default=2)
    parseur.add_argument("--fils", type=int, default=2)
    options = parseur.parse_args()
    plan = [Requete.depuis_json(donnees) for donnees in json.loads(options.plan.read_text())]
    secrets = (os.environ["CPTS_BENCH_COOKIE"], os.environ["CPTS_BENCH_JETON"])
    print(json.dumps(charger(options.port, plan, secrets, options.duree, options.processus, options.fils)))


if __name__ == "__main__":
    main()
