"""Une transaction validée sans attendre le disque (la session réécrite à chaque clic du compositeur) : seule sa propre
validation change, la connexion reprend ensuite sa synchronisation pour toutes les autres écritures."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections, router, transaction

from cpts.comptes.sessions import SessionStore
from cpts.validation_legere import sans_attendre_le_disque

pytestmark = pytest.mark.django_db
FULL = 2
NORMAL = 1


@pytest.fixture
def base_de_production(tmp_path: Path) -> Iterator[str]:
    """Une base SQLite en fichier aux réglages de production (WAL, synchronisation complète), sous un alias à part :
    celle des tests ne synchronise jamais."""
    if connection.vendor != "sqlite":
        pytest.skip("Réglage propre à SQLite ; PostgreSQL : voir le test qui suit.")
    copie = connections["default"].copy(alias="production")
    copie.settings_dict["NAME"] = str(tmp_path / "production.sqlite3")
    copie.settings_dict["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    connections["production"] = copie
    with copie.cursor() as curseur:
        curseur.execute("CREATE TABLE essai (valeur INTEGER)")
    yield "production"
    copie.close()
    del connections["production"]


def _synchronisation(alias: str) -> int:
    with connections[alias].cursor() as curseur:
        curseur.execute("PRAGMA synchronous")
        return int(curseur.fetchone()[0])


def test_une_transaction_legere_est_validee_sans_synchroniser_puis_la_connexion_se_resynchronise(
    base_de_production: str,
) -> None:
    assert _synchronisation(base_de_production) == FULL
    with sans_attendre_le_disque(base_de_production):
        assert _synchronisation(base_de_production) == NORMAL
        with connections[base_de_production].cursor() as curseur:
            curseur.execute("INSERT INTO essai VALUES (1)")
    assert _synchronisation(base_de_production) == FULL
    with connections[base_de_production].cursor() as curseur:
        curseur.execute("SELECT valeur FROM essai")
        assert curseur.fetchall() == [(1,)]


def test_une_transaction_legere_qui_echoue_est_annulee_et_la_connexion_se_resynchronise(
    base_de_production: str,
) -> None:
    def ecrire_puis_echouer() -> None:
        with sans_attendre_le_disque(base_de_production), connections[base_de_production].cursor() as curseur:
            curseur.execute("INSERT INTO essai VALUES (1)")
            raise RuntimeError("échec au milieu")

    with pytest.raises(RuntimeError):
        ecrire_puis_echouer()
    assert _synchronisation(base_de_production) == FULL
    with connections[base_de_production].cursor() as curseur:
        curseur.execute("SELECT count(*) FROM essai")
        assert curseur.fetchone() == (0,)


def test_dans_une_transaction_deja_ouverte_la_validation_reste_celle_de_la_transaction_englobante(
    base_de_production: str,
) -> None:
    with transaction.atomic(using=base_de_production), sans_attendre_le_disque(base_de_production):
        assert _synchronisation(base_de_production) == FULL


def session_creee(base: str, monkeypatch: pytest.MonkeyPatch) -> SessionStore:
    """Une session d'une composition, créée dans la base `base`, où ses réécritures iront aussi."""
    with connections[base].schema_editor() as editeur:
        editeur.create_model(Session)
    monkeypatch.setattr(router, "db_for_write", lambda *args, **kwargs: base)
    session = SessionStore()
    session["composition:libre"] = ["69123"]
    session.create()
    return session


def test_la_reecriture_d_une_session_est_validee_sans_attendre_le_disque(
    base_de_production: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_creee(base_de_production, monkeypatch)
    pendant_la_reecriture: list[int] = []

    def noter(execute: Callable[..., Any], sql: str, params: Any, many: bool, contexte: dict[str, Any]) -> Any:
        if sql.startswith("UPDATE"):
            pendant_la_reecriture.append(contexte["connection"].connection.execute("PRAGMA synchronous").fetchone()[0])
        return execute(sql, params, many, contexte)

    session["composition:libre"] = ["69123", "69266"]
    with connections[base_de_production].execute_wrapper(noter):
        session.save()
    assert pendant_la_reecriture == [NORMAL]
    assert _synchronisation(base_de_production) == FULL


def test_la_reecriture_d_une_session_est_une_seule_instruction_sans_transaction_autour(
    base_de_production: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_creee(base_de_production, monkeypatch)
    instructions: list[str] = []

    def noter(execute: Callable[..., Any], sql: str, params: Any, many: bool, contexte: dict[str, Any]) -> Any:
        instructions.append(sql.split()[0])
        return execute(sql, params, many, contexte)

    session["composition:libre"] = ["69123", "69266"]
    with connections[base_de_production].execute_wrapper(noter):
        session.save()
    # Ni BEGIN ni COMMIT : la connexion en validation automatique valide l'instruction seule.
    assert instructions == ["UPDATE"]
    with connections[base_de_production].cursor() as curseur:
        curseur.execute("SELECT session_data FROM django_session WHERE session_key = %s", [session.session_key])
        assert session.decode(curseur.fetchone()[0])["composition:libre"] == ["69123", "69266"]


@pytest.mark.django_db(transaction=True)
def test_sur_postgresql_seule_la_transaction_legere_valide_sans_attendre_le_disque() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL seulement.")

    def reglage() -> str:
        with connection.cursor() as curseur:
            curseur.execute("SHOW synchronous_commit")
            return str(curseur.fetchone()[0])

    with sans_attendre_le_disque("default"):
        assert reglage() == "off"
    assert reglage() == "on"
