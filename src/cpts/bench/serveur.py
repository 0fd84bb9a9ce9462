"""Le vrai serveur (gunicorn, 2 processus) sur la boucle locale, et un client HTTP qui garde sa connexion ouverte."""

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

HOTE = "127.0.0.1"
PROCESSUS = 2
FILS_PAR_PROCESSUS = 4
DEMARRAGE_MAX = 60.0


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind((HOTE, 0))
        return prise.getsockname()[1]


@dataclass(frozen=True)
class Reponse:
    statut: int
    corps: bytes


class Client:
    """Une connexion HTTP/1.1 persistante ; rouverte d'elle-même si le serveur l'a fermée."""

    def __init__(self, port: int, entetes: Mapping[str, str] | None = None) -> None:
        self.port = port
        self.entetes = {"Host": f"{HOTE}:{port}", **(entetes or {})}
        self._connexion: http.client.HTTPConnection | None = None

    def requete(
        self, methode: str, chemin: str, corps: bytes | None = None, entetes: Mapping[str, str] | None = None
    ) -> Reponse:
        try:
            return self._envoyer(methode, chemin, corps, entetes)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # Le serveur a fermé la connexion restée inactive (délai de keep-alive) : on la rouvre une fois.
            return self._envoyer(methode, chemin, corps, entetes)

    def _envoyer(self, methode: str, chemin: str, corps: bytes | None, entetes: Mapping[str, str] | None) -> Reponse:
        if self._connexion is None:
            self._connexion = http.client.HTTPConnection(HOTE, self.port, timeout=60)
        try:
            self._connexion.request(methode, chemin, body=corps, headers={**self.entetes, **(entetes or {})})
            reponse = self._connexion.getresponse()
            return Reponse(reponse.status, reponse.read())
        except (OSError, http.client.HTTPException):
            self.fermer()
            raise

    def get(self, chemin: str) -> Reponse:
        return self.requete("GET", chemin)

    def fermer(self) -> None:
        if self._connexion is not None:
            self._connexion.close()
            self._connexion = None


def verifier(reponse: Reponse, attendu: int = 200) -> Reponse:
    if reponse.statut != attendu:
        raise RuntimeError(f"Réponse HTTP {reponse.statut} au lieu de {attendu} : {reponse.corps[:300]!r}")
    return reponse


def _attendre(port: int, processus: subprocess.Popen[bytes]) -> None:
    limite = time.monotonic() + DEMARRAGE_MAX
    client = Client(port)
    while time.monotonic() < limite:
        if processus.poll() is not None:
            raise RuntimeError(f"gunicorn s'est arrêté au démarrage (code {processus.returncode}).")
        try:
            if client.get("/sante/").statut == 200:
                client.fermer()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn n'a pas répondu sur /sante/ à temps.")


@contextmanager
def gunicorn(env: Mapping[str, str]) -> Iterator[int]:
    """Démarre gunicorn (travailleurs à fils, qui gardent les connexions ouvertes) et rend son port."""
    port = port_libre()
    commande = [
        sys.executable,
        "-m",
        "gunicorn",
        "cpts.wsgi",
        "--bind",
        f"{HOTE}:{port}",
        "--workers",
        str(PROCESSUS),
        "--worker-class",
        "gthread",
        "--threads",
        str(FILS_PAR_PROCESSUS),
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    processus = subprocess.Popen(commande, env=dict(env))
    try:
        _attendre(port, processus)
        yield port
    finally:
        processus.terminate()
        try:
            processus.wait(timeout=30)
        except subprocess.TimeoutExpired:
            processus.kill()
            processus.wait()
