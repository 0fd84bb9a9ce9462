import sys
from dataclasses import dataclass

import pytest

from cpts.cli import main


@dataclass(frozen=True)
class Sortie:
    code: int
    stdout: str
    stderr: str


def cpts(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *arguments: str) -> Sortie:
    """Lance le point d'entrée `cpts` comme en ligne de commande, dans le processus des tests."""
    monkeypatch.setattr(sys, "argv", ["cpts", *arguments])
    try:
        main()
        code = 0
    except SystemExit as fin:
        code = int(fin.code or 0)
    sortie = capsys.readouterr()
    return Sortie(code, sortie.out, sortie.err)


def espaces_simples(texte: str) -> str:
    """Les montants s'écrivent avec des espaces insécables (fine pour les milliers) : les rendre lisibles."""
    return texte.replace("\u202f", " ").replace("\u00a0", " ")
