"""`cpts --help` est en français et donne d'abord les commandes de la plateforme, puis celles de Django."""

import pytest

from tests.financement.outils import cpts


@pytest.mark.parametrize("demande", [[], ["--help"], ["-h"], ["help"]])
def test_l_aide_generale_est_en_francais_avec_les_commandes_du_projet_d_abord(
    demande: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sortie = cpts(capsys, monkeypatch, *demande)

    assert (sortie.code, sortie.stderr) == (0, "")
    assert sortie.stdout.startswith("Usage : cpts COMMANDE [options]")
    projet = sortie.stdout.index("Commandes de la plateforme :")
    django = sortie.stdout.index("Commandes de Django")
    assert projet < sortie.stdout.index("  financement  ") < django < sortie.stdout.index("migrate")


def test_chaque_commande_de_la_plateforme_a_sa_phrase_d_aide(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sortie = cpts(capsys, monkeypatch, "--help").stdout
    assert "  etat-des-lieux      État des lieux des projets de CPTS" in sortie
    assert "Available subcommands" not in sortie


def test_l_aide_d_une_commande_reste_celle_de_la_commande(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sortie = cpts(capsys, monkeypatch, "financement", "--help")
    assert sortie.code == 0
    assert "JJ/MM/AAAA ou AAAA-MM-JJ : le jour du calcul" in sortie.stdout
