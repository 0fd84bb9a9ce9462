"""La mesure d'une opération face à sa référence (`cpts.bench.mesure.comparer`), sur une horloge tenue par le test."""

import pytest

from cpts.bench import mesure


class Horloge:
    def __init__(self) -> None:
        self.maintenant = 0.0

    def avancer(self, secondes: float) -> None:
        self.maintenant += secondes


@pytest.fixture
def horloge(monkeypatch: pytest.MonkeyPatch) -> Horloge:
    horloge = Horloge()
    monkeypatch.setattr(mesure, "perf_counter", lambda: horloge.maintenant)
    return horloge


def test_le_controle_de_chaque_reponse_ne_compte_pas_dans_sa_duree(horloge: Horloge) -> None:
    def operation() -> str:
        horloge.avancer(2.0)
        return "réponse"

    serie, reference = mesure.comparer(
        operation, lambda: horloge.avancer(1.0), 5, controle=lambda _reponse: horloge.avancer(1000.0)
    )

    assert serie.durees == (2.0,) * 5
    assert reference.durees == (1.0,) * 5


def test_le_controle_voit_chaque_reponse_du_tour_de_chauffe_et_des_mesures() -> None:
    rendues = iter(range(100))
    vues: list[int] = []

    mesure.comparer(lambda: next(rendues), lambda: None, 3, controle=vues.append)

    assert vues == [0, 1, 2, 3]


def test_la_preparation_de_chaque_mesure_ne_compte_pas_dans_sa_duree(horloge: Horloge) -> None:
    serie, _ = mesure.comparer(
        lambda: horloge.avancer(3.0), lambda: None, 4, preparation=lambda: horloge.avancer(1000.0)
    )

    assert serie.durees == (3.0,) * 4
