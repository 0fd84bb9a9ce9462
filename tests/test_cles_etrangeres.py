"""La vérification des clés étrangères que Django fait avant d'annuler la transaction d'un test
(`cles_etrangeres_verifiees`, `tests/conftest.py`) : sur SQLite, elle ne relit le référentiel des communes que si le
test l'a écrit ; sur PostgreSQL, elle se fait en bloc après une grosse écriture (`tests/cles_etrangeres.py`). Elle
trouve toujours une clé cassée, dans une table métier comme dans le référentiel."""

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cpts.territoires.models import UniteTerritoire
from tests import cles_etrangeres
from tests.conftest import REFERENTIEL, referentiel_ecrit
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")
sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL ne relit que ce qui attend")
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="propre à PostgreSQL")


@pytest.fixture
def annulee(db: None) -> Iterator[None]:
    """Le test casse une clé exprès : sa transaction est annulée sans la vérification de Django, qui échouerait."""
    yield
    transaction.set_rollback(True)


def executer(requete: str, parametres: list[object]) -> None:
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)


def reecrire_des_communes() -> None:
    """Une ligne écrite de plus que le seuil de la vérification en bloc de PostgreSQL."""
    executer(
        "UPDATE territoires_commune SET nom = nom WHERE code IN (SELECT code FROM territoires_commune LIMIT %s)",
        [cles_etrangeres.ECRITURES_EN_BLOC + 1],
    )


@sqlite
def test_sans_ecriture_dans_le_referentiel_ses_tables_ne_sont_pas_relues() -> None:
    TerritoireFactory(communes=["69123"])
    with CaptureQueriesContext(connection) as requetes:
        connection.check_constraints()
    verifiees = " ".join(requete["sql"] for requete in requetes.captured_queries)
    assert "territoires_uniteterritoire" in verifiees
    assert not [table for table in REFERENTIEL if f'"{table}"' in verifiees]


@sqlite
@pytest.mark.usefixtures("transactional_db")
def test_une_ecriture_validee_du_referentiel_ne_marque_plus_les_tests_qui_suivent_le_vidage() -> None:
    executer("UPDATE territoires_region SET nom = nom WHERE code = %s", ["84"])
    assert referentiel_ecrit(connection)
    call_command("flush", verbosity=0, interactive=False)
    assert not referentiel_ecrit(connection)


@pytest.mark.usefixtures("annulee")
@pytest.mark.parametrize("grosse_ecriture", [False, True], ids=["petite-ecriture", "grosse-ecriture"])
def test_une_cle_cassee_dans_une_table_metier_est_trouvee(grosse_ecriture: bool) -> None:
    if grosse_ecriture:
        reecrire_des_communes()
    unite = UniteTerritoire.objects.get(territoire=TerritoireFactory(communes=["69123"]))
    executer(f"UPDATE {UniteTerritoire._meta.db_table} SET territoire_id = %s WHERE id = %s", [999_999, unite.pk])
    with pytest.raises(IntegrityError, match="territoires_uniteterritoire"):
        connection.check_constraints()


@pytest.mark.usefixtures("annulee")
@pytest.mark.parametrize("grosse_ecriture", [False, True], ids=["petite-ecriture", "grosse-ecriture"])
def test_une_commune_au_departement_inconnu_est_trouvee(grosse_ecriture: bool) -> None:
    if grosse_ecriture:
        reecrire_des_communes()
    executer("UPDATE territoires_commune SET departement_id = %s WHERE code = %s", ["ZZ", "69123"])
    with pytest.raises(IntegrityError, match="territoires_commune"):
        connection.check_constraints()


@pytest.mark.usefixtures("annulee")
@pytest.mark.parametrize("grosse_ecriture", [False, True], ids=["petite-ecriture", "grosse-ecriture"])
def test_une_commune_supprimee_que_vise_un_territoire_est_trouvee(grosse_ecriture: bool) -> None:
    if grosse_ecriture:
        reecrire_des_communes()
    TerritoireFactory(communes=["01001"])
    executer("DELETE FROM diagnostic_surface WHERE commune_id = %s", ["01001"])
    executer("DELETE FROM territoires_commune WHERE code = %s", ["01001"])
    with pytest.raises(IntegrityError, match="territoires_uniteterritoire"):
        connection.check_constraints()


def requetes_de_la_verification() -> str:
    with CaptureQueriesContext(connection) as requetes:
        connection.check_constraints()
    return " ".join(requete["sql"] for requete in requetes.captured_queries)


@postgresql
def test_apres_une_petite_ecriture_postgresql_verifie_les_controles_en_attente() -> None:
    TerritoireFactory(communes=["69123"])
    assert "SET CONSTRAINTS ALL IMMEDIATE" in requetes_de_la_verification()


@postgresql
@pytest.mark.usefixtures("transactional_db")
def test_une_grosse_ecriture_annulee_ne_compte_pas_dans_la_transaction_suivante() -> None:
    # Les statistiques versées juste avant ne le seront plus d'une seconde : la grosse écriture annulée reste dans les
    # compteurs que lit la transaction suivante.
    executer("SELECT pg_stat_force_next_flush()", [])
    with transaction.atomic():
        reecrire_des_communes()
        transaction.set_rollback(True)
    with transaction.atomic():
        TerritoireFactory(communes=["69123"])
        verifiees = requetes_de_la_verification()
        transaction.set_rollback(True)
    assert "SET CONSTRAINTS ALL IMMEDIATE" in verifiees


@postgresql
def test_apres_une_grosse_ecriture_postgresql_verifie_chaque_cle_etrangere_en_bloc() -> None:
    reecrire_des_communes()
    verifiees = requetes_de_la_verification()
    assert "SET CONSTRAINTS" not in verifiees
    assert all(f'FROM "{table}" enfant' in verifiees for table in ("territoires_commune", "diagnostic_surface"))
