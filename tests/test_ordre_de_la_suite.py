"""L'ordre de la suite (`pytest_collection_modifyitems` de `tests/conftest.py`), éprouvé sur des tests factices."""

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import pytest_collection_modifyitems

CONFIG = SimpleNamespace(stash=pytest.Stash())


@dataclass
class Factice:
    path: Path
    marques: tuple[str, ...] = ()
    fixturenames: tuple[str, ...] = ()
    # Commune à tous : le hook y range les lecteurs des démonstrations partagées.
    config = CONFIG

    def get_closest_marker(self, nom: str) -> object | None:
        return nom if nom in self.marques else None


def module(nom: str, marques: tuple[str, ...] = (), fixtures: tuple[str, ...] = ()) -> list[Factice]:
    return [Factice(Path(f"tests/{nom}.py"), marques, fixtures) for _ in range(3)]


def test_un_long_qui_charge_la_demo_passe_apres_les_autres_longs() -> None:
    # L'autre moitié de la suite commence par charger la démonstration : un long qui la demandait dès le début
    # attendait ce chargement, son processus à l'arrêt.
    charge = module("charge", ("long",), ("charger_la_demo",))
    banc = module("banc", ("banc",))
    courts = module("courts")
    items = [*charge, *banc, *courts]

    pytest_collection_modifyitems(items)

    chemins = [item.path.stem for item in items]
    assert chemins.index("banc") < chemins.index("charge")
