"""Les connexions à PostgreSQL ouvertes pendant la suite, pour nommer celle qui resterait ouverte à la fin.

Chaque connexion du processus de test note, à son ouverture, son numéro de session côté serveur, le test en cours,
son fil et l'endroit du code qui l'a ouverte ; elle se présente au serveur sous le nom du processus (`application_name`,
hérité aussi par les sous-processus par `PGAPPNAME`). En fin de suite, avant la suppression de la base de test,
`sessions_restees` relit `pg_stat_activity` : une session encore ouverte y est nommée avec son origine. Une fuite doit
faire échouer la suite en disant d'où elle vient, pas être fermée en silence.
"""

import os
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any

from django.db.backends.signals import connection_created

# PostgreSQL attend lui-même 5 s qu'une session qui se ferme ait disparu avant de refuser `DROP DATABASE`.
DELAI_DE_FERMETURE = 5.0


@dataclass(frozen=True)
class Origine:
    test: str
    fil: str
    pile: str


_ouvertes: dict[int, Origine] = {}


def _nom_du_processus() -> str:
    return f"pytest-{os.environ.get('PYTEST_XDIST_WORKER', 'principal')}"


def _pile() -> str:
    # Seules les lignes du projet et des tests disent qui a ouvert la connexion ; Django et pytest sont le décor.
    lignes = [
        ligne
        for ligne in traceback.format_stack()[:-3]
        if ("/cpts/" in ligne or "/tests/" in ligne) and "tests/connexions.py" not in ligne
    ]
    return "".join(lignes[-6:])


def _noter(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "postgresql":
        return
    _ouvertes[connection.connection.info.backend_pid] = Origine(
        test=os.environ.get("PYTEST_CURRENT_TEST", "(hors d'un test)"),
        fil=threading.current_thread().name,
        pile=_pile(),
    )


def pytest_configure(config: object) -> None:
    os.environ["PGAPPNAME"] = _nom_du_processus()
    connection_created.connect(_noter, dispatch_uid="tests.connexions")


def _autres_sessions(curseur: Any) -> list[tuple[Any, ...]]:
    curseur.execute(
        "SELECT pid, application_name, state, backend_start, query FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return list(curseur.fetchall())


def _decrire(pid: int, application: str, etat: str, debut: Any, requete: str) -> str:
    origine = _ouvertes.get(pid)
    if origine is None:
        provenance = f"ouverte par un autre processus ({application or 'sans nom'})"
    else:
        provenance = f"ouverte pendant {origine.test}, fil « {origine.fil} », par :\n{origine.pile}"
    return f"- session {pid} ({etat}, depuis {debut:%H:%M:%S}, dernière requête : {requete[:200]!r}) {provenance}"


def sessions_restees(connection: Any, delai: float = DELAI_DE_FERMETURE) -> list[str]:
    """Les sessions encore ouvertes sur la base de test par d'autres que cette connexion, décrites ; celles qui se
    ferment encore ont `delai` secondes pour disparaître. Elles sont ensuite terminées, pour que la base se supprime
    quand même."""
    limite = time.monotonic() + delai
    with connection.cursor() as curseur:
        while (restees := _autres_sessions(curseur)) and time.monotonic() < limite:
            time.sleep(0.2)
        for pid, *_ in restees:
            curseur.execute("SELECT pg_terminate_backend(%s)", [pid])
    return [_decrire(*session) for session in restees]
