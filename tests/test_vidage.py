"""Le vidage de la base à la fin d'un test transactionnel (`tests/vidage.py`) : le référentiel reste tel que son import
l'a écrit, toute autre table est vide, et les types de contenu et les permissions restent avec leurs clés tant qu'aucun
test ne les a changés. Chaque test vide la base comme Django à la fin d'un test transactionnel, dans sa propre
transaction, annulée ensuite."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from cpts.diagnostic.models import Surface
from tests.comptes.factories import UtilisateurFactory
from tests.conftest import REFERENTIEL
from tests.instantane import TYPES_DE_CONTENU
from tests.vidage import tables_remplies

pytestmark = pytest.mark.django_db


def vider(inhibit_post_migrate: bool = False) -> None:
    call_command(
        "flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=inhibit_post_migrate
    )


def cles(modele: type) -> list[int]:
    return list(modele.objects.order_by("pk").values_list("pk", flat=True))


def test_le_vidage_d_un_test_transactionnel_garde_les_superficies_calculees_par_l_import_des_communes(
    communes: None,
) -> None:
    superficies = Surface.objects.count()
    assert superficies > 0  # calculées par l'import des communes de la base de test

    vider(inhibit_post_migrate=True)

    assert Surface.objects.count() == superficies


def test_le_vidage_laisse_vide_chaque_table_hors_du_referentiel_des_types_de_contenu_et_des_permissions() -> None:
    UtilisateurFactory()
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in REFERENTIEL + TYPES_DE_CONTENU
    ]
    assert tables_remplies(connection, tables)

    vider()

    assert tables_remplies(connection, tables) == []


def test_le_vidage_garde_les_types_de_contenu_et_les_permissions_avec_leurs_cles() -> None:
    vider()
    types, permissions = cles(ContentType), cles(Permission)

    vider()

    assert (cles(ContentType), cles(Permission)) == (types, permissions)


def test_une_permission_retiree_par_un_test_revient_au_vidage_suivant() -> None:
    vider()
    permissions = Permission.objects.count()
    Permission.objects.get(codename="view_commune").delete()

    vider()

    assert Permission.objects.count() == permissions
    assert Permission.objects.filter(codename="view_commune").exists()
