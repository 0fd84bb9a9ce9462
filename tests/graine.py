"""L'ordre des tests, tiré au hasard par pytest-randomly à chaque exécution, se redonne à la fin du rapport : un test
qui n'échoue que dans un certain ordre, ou une suite plus lente qu'une autre, se rejoue dans le même ordre
(`pytest -p randomly --randomly-seed=N`). pytest-randomly l'écrit dans l'en-tête, que `-q` (`make test`) n'affiche
pas."""

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("randomly"):
        terminalreporter.write_line(f"Ordre des tests : --randomly-seed={config.option.randomly_seed}")
