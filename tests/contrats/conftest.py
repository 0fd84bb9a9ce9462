import pytest


@pytest.fixture(autouse=True)
def _fichiers(fichiers_temporaires: object) -> None:
    """Les contrats déposent des PDF : chaque test a son dossier jetable (les pages des contrats, sous `tests/www/`,
    le demandent module par module)."""
