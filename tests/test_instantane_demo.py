"""L'instantané de la démonstration (`tests/instantane.py`) sur la démonstration elle-même : ses lignes reposées
redonnent la même base (module à part : ses voisins veulent une base sans elle)."""

import pytest
from django.db import connection

from cpts.contrats.models import Contrat
from tests import instantane
from tests.conftest import REFERENTIEL

pytestmark = pytest.mark.usefixtures("demo")


def _contenu(lignes: instantane.Lignes) -> dict[str, tuple[tuple[str, ...], object]]:
    return {table: (colonnes, instantane.sans_ordre(contenu)) for table, (colonnes, contenu) in lignes.items()}


def test_la_demonstration_reposee_depuis_ses_lignes_est_la_meme_base_au_caractere_pres() -> None:
    lignes = instantane.prendre(REFERENTIEL)
    assert len(lignes[Contrat._meta.db_table][1]) > 0
    instantane.poser(lignes, REFERENTIEL)
    assert _contenu(instantane.prendre(REFERENTIEL)) == _contenu(lignes)
    connection.check_constraints()
