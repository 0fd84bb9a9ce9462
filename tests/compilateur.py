"""Compter les requêtes que l'ORM compile : une requête préparée (`cpts.preparees`) ne l'est qu'une fois."""

from typing import Any

import pytest
from django.db.models.sql.compiler import SQLCompiler, SQLUpdateCompiler


def compter_les_compilations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """La liste, remplie au fil du test, du modèle de chaque requête compilée par l'ORM."""
    compilations: list[object] = []
    for compilateur in (SQLCompiler, SQLUpdateCompiler):
        monkeypatch.setattr(compilateur, "as_sql", _compteur(compilateur.as_sql, compilations))
    return compilations


def _compteur(compiler: Any, compilations: list[object]) -> Any:
    def compter(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        compilations.append(self.query.model)
        return compiler(self, *args, **kwargs)

    return compter
