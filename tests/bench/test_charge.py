"""Le client de charge du banc (`python -m cpts.bench.charge`), lancé comme le banc le lance, contre un vrai serveur
HTTP de la bibliothèque standard qui refuse une page sans la session ou un appel à l'API sans le jeton ; et le plan
de la charge mixte."""

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cpts.bench import charge_mixte
from cpts.bench.charge import API, PAGES, Requete

COOKIE = "sessionid=session-du-banc"
JETON = "jeton-du-banc"


class Gardien(BaseHTTPRequestHandler):
    """200 si la requête porte ce qu'il faut à sa sorte, et rien d'autre ; 500 sur /casse/."""

    protocol_version = "HTTP/1.1"

    def _repondre(self) -> None:
        longueur = int(self.headers.get("Content-Length") or 0)
        corps = self.rfile.read(longueur) if longueur else b""
        api = self.path.startswith("/api/")
        if self.path == "/casse/":
            statut = 500
        elif api:
            bon = self.headers.get("Authorization") == f"Bearer {JETON}" and "Cookie" not in self.headers
            if self.command == "POST":
                bon = bon and self.headers.get("Content-Type") == "application/json" and "communes" in json.loads(corps)
            statut = 200 if bon else 403
        else:
            statut = 200 if self.headers.get("Cookie") == COOKIE and "Authorization" not in self.headers else 403
        self.send_response(statut)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = _repondre

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def port() -> Iterator[int]:
    serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gardien)
    serveur.daemon_threads = True
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield serveur.server_address[1]
    serveur.shutdown()
    serveur.server_close()
    fil.join()


def _charger(port: int, plan: list[Requete], dossier: Path) -> dict:
    fichier = dossier / "plan.json"
    fichier.write_text(json.dumps([asdict(requete) for requete in plan]))
    commande = [sys.executable, "-m", "cpts.bench.charge", "--port", str(port), "--plan", str(fichier)]
    commande += ["--duree", "0.5", "--processus", "1", "--fils", "2"]
    env = {**os.environ, "CPTS_BENCH_COOKIE": COOKIE, "CPTS_BENCH_JETON": JETON}
    sortie = subprocess.run(commande, env=env, check=True, capture_output=True, text=True, timeout=60).stdout
    return json.loads(sortie)


def test_la_charge_envoie_la_session_aux_pages_et_le_jeton_a_l_api_et_compte_chaque_sorte_a_part(
    port: int, tmp_path: Path
) -> None:
    plan = [
        Requete(PAGES, "accueil", "/"),
        Requete(API, "territoire", "/api/v1/cpts/1/territoire"),
        Requete(PAGES, "liste", "/cpts/"),
        Requete(API, "résumé", "/api/v1/territoires/resume", "POST", json.dumps({"communes": ["15014"]})),
    ]

    resultat = _charger(port, plan, tmp_path)

    assert resultat["plan"] == {PAGES: 2, API: 2}
    for sorte in (PAGES, API):
        assert resultat[sorte]["requetes"] > 0, sorte
        assert resultat[sorte]["erreurs"] == 0, resultat[sorte]["exemples_erreurs"]
        latences = resultat[sorte]["latence_ms"]
        assert 0 < latences["p50"] <= latences["p90"] <= latences["p99"] <= latences["max"], sorte
    assert resultat["ensemble"]["requetes"] == resultat[PAGES]["requetes"] + resultat[API]["requetes"]
    par_requete = {ligne["nom"]: ligne for ligne in resultat["par_requete"]}
    assert {nom: ligne["sorte"] for nom, ligne in par_requete.items()} == {
        "accueil": PAGES,
        "territoire": API,
        "liste": PAGES,
        "résumé": API,
    }
    assert sum(ligne["requetes"] for ligne in par_requete.values()) == resultat["ensemble"]["requetes"]


def test_une_reponse_autre_que_200_est_une_erreur_de_sa_sorte_qui_nomme_la_requete(port: int, tmp_path: Path) -> None:
    resultat = _charger(
        port, [Requete(PAGES, "page cassée", "/casse/"), Requete(API, "contrats", "/api/v1/contrats")], tmp_path
    )

    assert resultat[PAGES]["erreurs"] == resultat[PAGES]["requetes"] > 0
    assert resultat[PAGES]["exemples_erreurs"] == ["HTTP 500 GET /casse/"]
    assert resultat[API]["erreurs"] == 0
    assert resultat["ensemble"]["erreurs"] == resultat[PAGES]["erreurs"]


def test_le_plan_de_la_charge_mixte_alterne_pages_et_api_et_parcourt_les_cpts_et_les_contrats() -> None:
    cpts = list(range(100, 140))
    contrats = list(range(500, 510))

    plan = charge_mixte.plan(cpts, contrats, "84", ["15014", "15187"])

    sortes = [requete.sorte for requete in plan]
    assert sortes == [PAGES, API] * (len(plan) // 2)
    fiches = {requete.chemin for requete in plan if requete.chemin.startswith("/cpts/") and requete.chemin != "/cpts/"}
    assert len(fiches) == charge_mixte.TOURS
    assert {requete.chemin for requete in plan if requete.chemin.startswith("/api/v1/contrats/")} >= {
        f"/api/v1/contrats/{pk}" for pk in contrats
    }
    assert "/pilotage/region/84/" in {requete.chemin for requete in plan}
    resumes = [requete for requete in plan if requete.methode == "POST"]
    assert len(resumes) == charge_mixte.TOURS
    assert all(json.loads(requete.corps or "{}")["communes"] == ["15014", "15187"] for requete in resumes)
    assert all(requete.corps is None for requete in plan if requete.sorte == PAGES)
