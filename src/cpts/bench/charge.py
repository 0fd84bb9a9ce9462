"""Client de charge, lancé dans son propre processus : `python -m cpts.bench.charge` (bibliothèque standard seule).

Plusieurs processus (un seul processus Python serait lui-même le goulot), chacun avec quelques fils qui gardent
leur connexion ouverte, envoient en boucle des requêtes à l'API pendant la durée donnée, puis s'arrêtent. Le
résultat (requêtes par seconde, latences, erreurs) s'écrit en JSON sur la sortie standard. Seule la boucle locale
est visée. Le jeton d'API est lu dans CPTS_BENCH_JETON, pas dans les arguments (visibles de tous les processus).
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
from typing import Any

HOTE = "127.0.0.1"


def _fil(port: int, chemins: list[str], jeton: str, fin: float, latences: list[float], erreurs: list[str]) -> None:
    connexion = http.client.HTTPConnection(HOTE, port, timeout=30)
    entetes = {"Authorization": f"Bearer {jeton}", "Host": f"{HOTE}:{port}"}
    for chemin in itertools.cycle(chemins):
        if time.monotonic() >= fin:
            break
        debut = time.perf_counter()
        try:
            connexion.request("GET", chemin, headers=entetes)
            reponse = connexion.getresponse()
            reponse.read()
            if reponse.status != 200:
                erreurs.append(f"HTTP {reponse.status}")
        except (OSError, http.client.HTTPException) as erreur:
            erreurs.append(type(erreur).__name__)
            connexion.close()
            connexion = http.client.HTTPConnection(HOTE, port, timeout=30)
            continue
        latences.append(time.perf_counter() - debut)
    connexion.close()


def _processus(port: int, chemins: list[str], jeton: str, fin: float, fils: int, decalage: int) -> dict[str, Any]:
    latences: list[float] = []
    erreurs: list[str] = []
    # Chaque fil part d'un point différent de la liste : les requêtes ne visent pas toutes le même territoire.
    taches = [
        threading.Thread(
            target=_fil, args=(port, chemins[(decalage + i) % len(chemins) :] + chemins, jeton, fin, latences, erreurs)
        )
        for i in range(fils)
    ]
    for tache in taches:
        tache.start()
    for tache in taches:
        tache.join()
    return {"latences": latences, "erreurs": erreurs}


def _quantile(valeurs: list[float], q: float) -> float:
    if len(valeurs) < 2:
        return valeurs[0] if valeurs else 0.0
    return statistics.quantiles(valeurs, n=100, method="inclusive")[round(q * 100) - 1]


def charger(port: int, chemins: list[str], jeton: str, duree: float, processus: int, fils: int) -> dict[str, Any]:
    debut = time.monotonic()
    fin = debut + duree
    with multiprocessing.get_context("fork").Pool(processus) as groupe:
        resultats = groupe.starmap(
            _processus, [(port, chemins, jeton, fin, fils, rang * fils) for rang in range(processus)]
        )
    ecoule = time.monotonic() - debut
    latences = sorted(latence for r in resultats for latence in r["latences"])
    erreurs = [erreur for r in resultats for erreur in r["erreurs"]]
    return {
        "duree_s": round(ecoule, 2),
        "requetes": len(latences),
        "requetes_par_seconde": round(len(latences) / ecoule, 1),
        "erreurs": len(erreurs),
        "exemples_erreurs": sorted(set(erreurs))[:5],
        "latence_ms": {
            "p50": round(_quantile(latences, 0.5) * 1000, 2),
            "p90": round(_quantile(latences, 0.9) * 1000, 2),
            "p99": round(_quantile(latences, 0.99) * 1000, 2),
            "max": round((latences[-1] if latences else 0.0) * 1000, 2),
        },
        "processus": processus,
        "fils_par_processus": fils,
    }


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("--port", type=int, required=True)
    parseur.add_argument("--chemins", required=True, help="chemins visés, séparés par des virgules")
    parseur.add_argument("--duree", type=float, default=20.0, help="secondes")
    parseur.add_argument("--processus", type=int, default=2)
    parseur.add_argument("--fils", type=int, default=2)
    options = parseur.parse_args()
    chemins = [chemin for chemin in options.chemins.split(",") if chemin]
    jeton = os.environ["CPTS_BENCH_JETON"]
    resultat = charger(options.port, chemins, jeton, options.duree, options.processus, options.fils)
    print(json.dumps(resultat))


if __name__ == "__main__":
    main()
