"""La vérification des clés étrangères que Django fait avant d'annuler la transaction d'un test : sur SQLite, elle ne
relit le référentiel des communes que si le test l'a écrit (`cles_etrangeres_verifiees`, `tests/conftest.py`), et
trouve toujours une clé cassée, dans une table métier comme dans le référentiel."""

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cpts.territoires.models import UniteTerritoire
from tests.conftest import REFERENTIEL, referentiel_ecrit
from tests.territoires.factories import TerritoireFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="la vérification de PostgreSQL ne lit que ce qui attend"),
    pytest.mark.usefixtures("communes"),
]


@pytest.fixture
def annulee(db: None) -> Iterator[None]:
    """Le test casse une clé exprès : sa transaction est annulée sans la vérification de Django, qui échouerait."""
    yield
    transaction.set_rollback(True)


def executer(requete: str, parametres: list[object]) -> None:
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)


def test_sans_ecriture_dans_le_referentiel_ses_tables_ne_sont_pas_relues() -> None:
    TerritoireFactory(communes=["69123"])
    with CaptureQueriesContext(connection) as requetes:
        connection.check_constraints()
    verifiees = " ".join(requete["sql"] for requete in requetes.captured_queries)
    assert "territoires_uniteterritoire" in verifiees
    assert not [table for table in REFERENTIEL if f'"{table}"' in verifiees]


@pytest.mark.usefixtures("transactional_db")
def test_une_ecriture_validee_du_referentiel_ne_marque_plus_les_tests_qui_suivent_le_vidage() -> None:
    executer("UPDATE territoires_region SET nom = nom WHERE code = %s", ["84"])
    assert referentiel_ecrit(connection)
    call_command("flush", verbosity=0, interactive=False)
    assert not referentiel_ecrit(connection)


@pytest.mark.usefixtures("annulee")
def test_une_cle_cassee_dans_une_table_metier_est_trouvee() -> None:
    unite = UniteTerritoire.objects.get(territoire=TerritoireFactory(communes=["69123"]))
    executer(f"UPDATE {UniteTerritoire._meta.db_table} SET territoire_id = %s WHERE id = %s", [999_999, unite.pk])
    with pytest.raises(IntegrityError, match="territoires_uniteterritoire"):
        connection.check_constraints()


@pytest.mark.usefixtures("annulee")
def test_une_commune_au_departement_inconnu_est_trouvee() -> None:
    executer("UPDATE territoires_commune SET departement_id = %s WHERE code = %s", ["ZZ", "69123"])
    with pytest.raises(IntegrityError, match="territoires_commune"):
        connection.check_constraints()


@pytest.mark.usefixtures("annulee")
def test_une_commune_supprimee_que_vise_un_territoire_est_trouvee() -> None:
    TerritoireFactory(communes=["01001"])
    executer("DELETE FROM diagnostic_surface WHERE commune_id = %s", ["01001"])
    executer("DELETE FROM territoires_commune WHERE code = %s", ["01001"])
    with pytest.raises(IntegrityError, match="territoires_uniteterritoire"):
        connection.check_constraints()
