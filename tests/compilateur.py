"""Compter les requêtes que l'ORM compile : une requête préparée (`cpts.preparees`) ne l'est qu'une fois."""

from typing import Any

import pytest
from django.db.models.sql.compiler import SQLCompiler


def compter_les_compilations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """La liste, remplie au fil du test, du modèle de chaque requête compilée par l'ORM."""
    compilations: list[object] = []
    compiler = SQLCompiler.as_sql

    def compter(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        compilations.append(self.query.model)
        return compiler(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", compter)
    return compilations
