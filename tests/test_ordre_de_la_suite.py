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


def test_la_premiere_moitie_commence_par_ses_longs_sans_base_et_la_seconde_ouvre_la_base() -> None:
    # Le processus de la seconde moitié importe le référentiel ; celui de la première, quand il demande la base après
    # ses longs sans base, le pose depuis les lignes prises par l'autre.
    avec_base = module("avec_base", ("long", "django_db"))
    banc = module("banc", ("banc",))
    ouverture = module("ouverture", ("django_db",))
    courts = [item for numero in range(6) for item in module(f"court{numero}")]
    items = [*avec_base, *ouverture, *courts, *banc]

    pytest_collection_modifyitems(items)

    chemins = [item.path.stem for item in items]
    assert chemins[0] == "banc"
    assert chemins.index("banc") < chemins.index("avec_base")
    assert chemins[len(items) // 2] == "ouverture"
