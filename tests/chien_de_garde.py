"""Dernier recours contre un test bloqué : le chien de garde de faulthandler, qui tourne sans le GIL.

pytest-timeout arrête un test trop long depuis un fil Python (`timeout_method = "thread"`). Il ne peut rien quand
un fil bloqué garde le GIL (un appel C qui attend un verrou tenu par un fil qui attend, lui, le GIL) : son fil ne
repart jamais. faulthandler surveille depuis un fil C : passé le délai du test plus une marge, il écrit la pile de
chaque fil et termine le processus. Sans délai (`--timeout=0`, débogueur), rien n'est armé.
"""

import faulthandler
import os

import pytest

SORTIE = pytest.StashKey[int]()
REGLAGES = pytest.StashKey[object]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "chien_de_garde_marge",
        "secondes laissées à pytest-timeout avant que faulthandler n'arrête tout le processus",
        default="60",
    )


def pytest_configure(config: pytest.Config) -> None:
    # La sortie d'erreur d'origine : pendant un test, la capture de pytest la détourne vers un fichier perdu.
    config.stash[SORTIE] = os.dup(2)


def pytest_unconfigure(config: pytest.Config) -> None:
    os.close(config.stash[SORTIE])


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: object) -> None:
    item.stash[REGLAGES] = settings
    marge = float(item.config.getini("chien_de_garde_marge"))
    faulthandler.dump_traceback_later(settings.timeout + marge, exit=True, file=item.config.stash[SORTIE])


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_cancel_timer(item: pytest.Item) -> None:
    faulthandler.cancel_dump_traceback_later()


def relancer_le_delai(item: pytest.Item) -> None:
    """Le délai du test (pytest-timeout et le chien de garde) repart de zéro : pour un long préparatif partagé par
    plusieurs modules (la démonstration), qui n'est pas le travail du test qui le déclenche."""
    reglages = item.stash.get(REGLAGES, None)
    if reglages is None:
        return
    hooks = item.config.pluginmanager.hook
    hooks.pytest_timeout_cancel_timer(item=item)
    hooks.pytest_timeout_set_timer(item=item, settings=reglages)
