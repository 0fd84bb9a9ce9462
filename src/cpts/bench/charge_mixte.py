"""Scénario : une charge mêlant les pages ouvertes chaque jour et les appels à l'API, sur le vrai serveur (gunicorn),
pendant une durée donnée (60 s pour le jeu national).

Le plan est fait de tours ; chaque tour demande quatre pages avec la session du lecteur national (accueil, liste
des CPTS, fiche d'une CPTS, un tableau du pilotage : état des lieux, couverture par région ou tableau de bord d'une
région, à tour de rôle) et quatre appels avec son jeton (territoire d'une CPTS, résumé du territoire composé,
liste des contrats, un contrat ou son échéancier). CPTS et contrats changent d'un tour à l'autre. Le client tourne
dans un autre processus (lui-même réparti sur plusieurs) : le banc n'y prend pas part et ne peut pas fausser le
débit. Débit, erreurs (cible : aucune) et latences p50, p90, p99 sont rapportés par sorte de requête.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from cpts.bench import charge
from cpts.bench.acces import Acces
from cpts.bench.charge import API, PAGES, Requete
from cpts.bench.jeu import DATE_JEU
from cpts.bench.rapport import Resultat, nombre

TOURS = 20
PROCESSUS = 2
FILS = 2
LIBELLES = {PAGES: "pages (session)", API: "API (jeton)"}


def plan(cpts: Sequence[int], contrats: Sequence[int], region: str, communes: Sequence[str]) -> list[Requete]:
    """Les tours du plan ; chaque tour prend une autre CPTS et un autre contrat, répartis sur toute la liste (il en
    faut au moins un de chaque)."""
    date = DATE_JEU.isoformat()
    tableaux = (
        ("état des lieux national", f"/pilotage/tableau/etat-des-lieux/?date={date}"),
        ("couverture par région", f"/pilotage/tableau/couverture-regions/?date={date}"),
        ("tableau de bord d'une région", f"/pilotage/region/{region}/"),
    )
    resume = json.dumps({"communes": list(communes)})
    requetes = []
    for tour in range(TOURS):
        projet, contrat = cpts[tour * len(cpts) // TOURS], contrats[tour * len(contrats) // TOURS]
        detail = (
            Requete(API, "échéancier d'un contrat", f"/api/v1/contrats/{contrat}/echeancier")
            if tour % 2
            else Requete(API, "un contrat", f"/api/v1/contrats/{contrat}")
        )
        requetes += [
            Requete(PAGES, "accueil", "/"),
            Requete(API, "territoire d'une CPTS", f"/api/v1/cpts/{projet}/territoire"),
            Requete(PAGES, "liste des CPTS", "/cpts/"),
            Requete(API, f"résumé de {len(communes)} communes", "/api/v1/territoires/resume", "POST", resume),
            Requete(PAGES, "fiche d'une CPTS", f"/cpts/{projet}/"),
            Requete(API, "liste des contrats", "/api/v1/contrats"),
            Requete(PAGES, *tableaux[tour % len(tableaux)]),
            detail,
        ]
    return requetes


def lancer(port: int, acces: Acces, requetes: list[Requete], duree: float) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="plan-charge-") as fichier:
        json.dump([asdict(requete) for requete in requetes], fichier)
        fichier.flush()
        commande = [sys.executable, "-m", charge.__name__, "--port", str(port), "--plan", fichier.name]
        commande += ["--duree", str(duree), "--processus", str(PROCESSUS), "--fils", str(FILS)]
        env = {**os.environ, "CPTS_BENCH_COOKIE": acces.entetes["Cookie"], "CPTS_BENCH_JETON": acces.jeton}
        sortie = subprocess.run(commande, env=env, check=True, capture_output=True, text=True).stdout
    mesure: dict[str, Any] = json.loads(sortie)
    mesure["chemins"] = sorted({f"{requete.methode} {requete.chemin}" for requete in requetes})
    return mesure


def _plus_lente(mesure: dict[str, Any], sorte: str) -> str:
    ligne = next(ligne for ligne in mesure["par_requete"] if ligne["sorte"] == sorte)
    latences = ligne["latence_ms"]
    return f"{ligne['nom']} (p50 {nombre(latences['p50'], 0)} ms, p90 {nombre(latences['p90'], 0)} ms)"


def resultats(mesure: dict[str, Any], duree: float) -> list[Resultat]:
    """Une ligne par sorte de requête : débit, erreurs et latences de la même exécution."""
    commun = {
        cle: mesure[cle] for cle in ("duree_s", "processus", "fils_par_processus", "clients_simultanes", "chemins")
    }
    lignes = []
    for sorte in (PAGES, API):
        par_sorte = mesure[sorte]
        latences = par_sorte["latence_ms"]
        lignes.append(
            Resultat(
                f"charge_{sorte}",
                f"Charge mixte {duree:g} s : {LIBELLES[sorte]}",
                "0 erreur, p99 rapporté",
                par_sorte["erreurs"] == 0 and par_sorte["requetes"] > 0,
                valeur=(
                    f"{nombre(par_sorte['requetes_par_seconde'])} req/s, {par_sorte['erreurs']} err., "
                    + ", ".join(f"{q} {nombre(latences[q], 0)} ms" for q in ("p50", "p90", "p99"))
                ),
                note=(
                    f"débit et latences absolus, {mesure['clients_simultanes']} clients simultanés "
                    f"({mesure['processus']} processus × {mesure['fils_par_processus']} fils, connexions gardées "
                    "ouvertes) qui enchaînent sans pause pages et appels à l'API (moitié-moitié) sur le même serveur ; "
                    f"la plus lente : {_plus_lente(mesure, sorte)}"
                ),
                details={
                    **commun,
                    **par_sorte,
                    "plan": mesure["plan"],
                    "ensemble": mesure["ensemble"],
                    "par_requete": [ligne for ligne in mesure["par_requete"] if ligne["sorte"] == sorte],
                },
            )
        )
    return lignes
