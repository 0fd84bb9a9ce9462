"""Les barres de progression : le total affiché sur un terminal, une seule ligne de bilan ailleurs (intégration
continue, journaux), rien en mode silencieux."""

import io

from cpts.progression import Barre, annoncer


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _avancer(barre: Barre, total: int = 300) -> None:
    annoncer(barre, total)
    for _ in range(total // 100):
        barre(100)


def test_hors_d_un_terminal_la_barre_ne_laisse_qu_une_ligne_de_bilan_avec_le_total() -> None:
    flux = io.StringIO()
    with Barre("Communes", "communes", flux=flux) as barre:
        _avancer(barre)
    assert flux.getvalue().count("\n") == 1
    assert flux.getvalue().startswith("Communes : 300/300 communes en ")


def test_sur_un_terminal_la_barre_montre_le_total() -> None:
    flux = Terminal()
    with Barre("Communes", "communes", flux=flux) as barre:
        _avancer(barre)
    assert "300/300" in flux.getvalue()


def test_en_mode_silencieux_la_barre_n_ecrit_rien() -> None:
    flux = Terminal()
    with Barre("Communes", "communes", verbosite=0, flux=flux) as barre:
        _avancer(barre)
    assert flux.getvalue() == ""


def test_une_simple_fonction_de_progression_ignore_le_total() -> None:
    vus: list[int] = []
    annoncer(vus.append, 300)
    assert vus == []
