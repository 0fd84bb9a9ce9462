"""`cpts --help` est en français et donne d'abord les commandes de la plateforme, puis celles de Django."""

import argparse
import os
import subprocess
import sys

import pytest
from django.core.management import get_commands, load_command_class

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


def _commandes_du_projet() -> list[list[str]]:
    """Chaque commande de la plateforme, et chacune de ses sous-commandes (`commission composition`…)."""
    commandes = get_commands()
    appels = []
    for nom in sorted(n for n, application in commandes.items() if application.startswith("cpts")):
        appels.append([nom])
        parser = load_command_class(commandes[nom], nom).create_parser("cpts", nom)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                appels += [[nom, sous_commande] for sous_commande in action.choices]
    return appels


# Le cadre d'argparse et les options communes de Django, tels qu'ils s'écrivent en anglais.
ANGLAIS = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message",
    "Show program's version",
    "Verbosity level",
    "The Python path to a settings module",
    "A directory to add",
    "Display a full stack trace",
    "colorize",
    "colorization",
    "Skip system checks",
)


def test_l_aide_de_chaque_commande_et_sous_commande_de_la_plateforme_est_en_francais(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    appels = _commandes_du_projet()
    assert ["commission", "composition"] in appels
    anglais = {}
    for appel in appels:
        sortie = cpts(capsys, monkeypatch, *appel, "--help")
        assert (sortie.code, sortie.stderr) == (0, ""), appel
        assert sortie.stdout.startswith(f"Usage : cpts {' '.join(appel)} ")
        assert "Options\u00a0:" in sortie.stdout
        if trouves := [mot for mot in ANGLAIS if mot in sortie.stdout]:
            anglais[" ".join(appel)] = trouves
    assert anglais == {}


def test_les_options_communes_de_django_sont_decrites_en_francais(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sortie = " ".join(cpts(capsys, monkeypatch, "territoire", "--help").stdout.split())
    assert "-h, --help affiche cette aide, puis s'arrête" in sortie
    assert "--verbosity {0,1,2,3} quantité de messages : 0 le minimum, 1 normal, 2 détaillé, 3 très détaillé" in sortie


def test_lance_par_python_m_cpts_le_programme_s_appelle_cpts_dans_l_usage() -> None:
    # Un vrai processus : c'est Python qui met le chemin de `__main__.py` dans argv[0].
    environnement = {cle: valeur for cle, valeur in os.environ.items() if cle != "DJANGO_SETTINGS_MODULE"}
    resultat = subprocess.run(
        [sys.executable, "-m", "cpts", "territoire", "--help"],
        capture_output=True,
        text=True,
        env=environnement,
        timeout=120,
        check=False,
    )
    assert (resultat.returncode, resultat.stderr) == (0, "")
    assert resultat.stdout.startswith("Usage : cpts territoire ")
