"""Les instantanés de `tests/instantane.py` : la démonstration posée depuis ses lignes est la même base que celle
chargée par la commande, et il ne sert qu'une base au même schéma et au même référentiel ; le référentiel est importé
une fois, puis posé à l'identique."""

from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from cpts.comptes.models import Utilisateur
from cpts.territoires.models import Commune, VersionReferentiel
from cpts.territoires.version import version_referentiel
from tests import instantane
from tests.comptes.factories import UtilisateurFactory
from tests.conftest import REFERENTIEL


@pytest.mark.django_db
def test_apres_la_pose_une_ligne_nouvelle_recoit_une_cle_apres_celles_posees() -> None:
    posee = UtilisateurFactory(username="pose")
    lignes = instantane.prendre(REFERENTIEL)
    instantane.poser(lignes, REFERENTIEL)
    nouvelle = UtilisateurFactory(username="nouvelle")
    assert nouvelle.pk > posee.pk
    assert list(Utilisateur.objects.order_by("pk").values_list("username", flat=True)) == ["pose", "nouvelle"]
    assert ContentType.objects.get_for_model(Utilisateur).model_class() is Utilisateur


@pytest.mark.django_db
def test_la_demonstration_est_chargee_une_fois_puis_posee_depuis_l_instantane(tmp_path: Path) -> None:
    chargements: list[str] = []

    def charger_pour_de_bon() -> None:
        chargements.append("chargee")
        UtilisateurFactory(username="de-la-demo")

    with transaction.atomic():
        assert instantane.charger(tmp_path, REFERENTIEL, charger_pour_de_bon) is False
        transaction.set_rollback(True)
    assert not Utilisateur.objects.filter(username="de-la-demo").exists()
    with transaction.atomic():
        assert instantane.charger(tmp_path, REFERENTIEL, charger_pour_de_bon) is True
        assert Utilisateur.objects.filter(username="de-la-demo").exists()
        transaction.set_rollback(True)
    assert chargements == ["chargee"]


@pytest.mark.django_db
def test_l_instantane_ne_sert_pas_une_base_dont_le_referentiel_differe(tmp_path: Path) -> None:
    chargements: list[str] = []
    with transaction.atomic():
        instantane.charger(tmp_path, REFERENTIEL, lambda: chargements.append("avant"))
        transaction.set_rollback(True)
    with transaction.atomic():
        Commune.objects.filter(code=Commune.objects.order_by("code").values("code")[:1]).delete()
        assert instantane.charger(tmp_path, REFERENTIEL, lambda: chargements.append("apres")) is False
        transaction.set_rollback(True)
    assert chargements == ["avant", "apres"]


@pytest.mark.django_db
def test_le_planificateur_de_postgresql_compte_les_lignes_de_la_demonstration_chargee(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite n'a pas de statistiques tenues à jour par la base")
    with transaction.atomic():
        instantane.charger(tmp_path, REFERENTIEL, lambda: UtilisateurFactory.create_batch(3))
        assert instantane.lignes_du_planificateur(Utilisateur._meta.db_table) == 3
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_le_referentiel_est_importe_une_fois_puis_pose_a_l_identique_dans_une_autre_base(tmp_path: Path) -> None:
    tables = (VersionReferentiel._meta.db_table,)
    imports: list[str] = []
    avant = version_referentiel()
    with transaction.atomic():
        # Importé pour de bon (ici, déjà en base) : ses lignes sont prises.
        assert instantane.importer_le_referentiel(tmp_path, tables, lambda: imports.append("premier")) is False
        transaction.set_rollback(True)
    with transaction.atomic():
        VersionReferentiel.objects.all().delete()
        assert instantane.importer_le_referentiel(tmp_path, tables, lambda: imports.append("second")) is True
        assert list(VersionReferentiel.objects.values_list("numero", flat=True)) == [avant]
        transaction.set_rollback(True)
    assert imports == ["premier"]
