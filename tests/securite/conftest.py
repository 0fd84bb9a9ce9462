"""Le monde des tests de sécurité (matrice des droits, catalogue des entrées hostiles), construit une fois
par module."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.conftest import reglages_des_fichiers
from tests.securite.monde import Monde, construire


@pytest.fixture(scope="module")
def monde_du_module(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Monde, dict[str, str]]]:
    """Le monde est construit une fois pour le module, dans une transaction annulée à la fin ; chaque test s'y
    exécute dans la sienne, annulée à son tour."""
    fichiers: Path = tmp_path_factory.mktemp("fichiers")
    with (
        django_db_blocker.unblock(),
        override_settings(**reglages_des_fichiers(fichiers)),
        transaction.atomic(),
    ):
        construit = construire()
        sessions = {}
        for role, utilisateur in construit.utilisateurs.items():
            client = Client()
            client.force_login(utilisateur)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield construit, sessions
        transaction.set_rollback(True)


@pytest.fixture
def monde(monde_du_module: tuple[Monde, dict[str, str]]) -> Iterator[tuple[Monde, dict[str, str]]]:
    yield monde_du_module
    # Ce que le test a écrit sera annulé : le dire dès maintenant épargne à SQLite la vérification de toutes les
    # clés étrangères de la base (référentiel des communes compris), que Django fait sinon avant d'annuler.
    transaction.set_rollback(True)
