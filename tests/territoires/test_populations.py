"""La population de chaque version de territoire par zone égale la somme de ses communes après chaque écriture qui
la change."""

import datetime
from pathlib import Path

import pytest
from django.db.models import F, Sum

from cpts.exploitation.sauvegarde import restaurer, sauvegarder
from cpts.territoires.enregistrement import enregistrer
from cpts.territoires.importation import importer
from cpts.territoires.models import Commune, PopulationTerritoire, UniteTerritoire
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.usefixtures("communes")

LYON, VILLEURBANNE, SAINT_ETIENNE = "69123", "69266", "42218"


def tenues() -> set[tuple[int, str, str, int]]:
    return set(PopulationTerritoire.objects.values_list("territoire_id", "departement_id", "region_id", "population"))


def sommees() -> set[tuple[int, str, str, int]]:
    return set(
        UniteTerritoire.objects.values("territoire_id", "commune__departement_id", "commune__region_id")
        .annotate(population=Sum("commune__population"))
        .order_by()
        .values_list("territoire_id", "commune__departement_id", "commune__region_id", "population")
    )


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def test_une_version_enregistree_porte_sa_population_par_departement(agent: object) -> None:
    cpts = CptsFactory()
    territoire = enregistrer(cpts, [LYON, VILLEURBANNE, SAINT_ETIENNE], agent, date=datetime.date(2026, 9, 1))
    rhone = Commune.objects.filter(code__in=[LYON, VILLEURBANNE]).aggregate(p=Sum("population"))["p"]
    loire = Commune.objects.get(code=SAINT_ETIENNE).population
    assert tenues() == sommees() == {(territoire.pk, "69", "84", rhone), (territoire.pk, "42", "84", loire)}


def test_un_import_des_communes_remet_les_populations_des_territoires_a_jour(
    agent: object, referentiel_regional: Path
) -> None:
    # Une population que l'import va corriger, lue par le territoire à son enregistrement.
    Commune.objects.filter(code=LYON).update(population=F("population") + 1_000_000)
    enregistrer(CptsFactory(), [LYON, VILLEURBANNE], agent, date=datetime.date(2026, 9, 1))
    avant = tenues()
    importer(referentiel_regional)
    assert tenues() == sommees() != avant


@pytest.mark.usefixtures("fichiers_temporaires", "referentiel_regional")
def test_une_sauvegarde_sans_les_populations_est_restauree_avec_elles(agent: object, tmp_path: Path) -> None:
    enregistrer(CptsFactory(), [LYON, VILLEURBANNE], agent, date=datetime.date(2026, 9, 1))
    attendues = tenues()
    PopulationTerritoire.objects.all().delete()  # une sauvegarde faite avant la table
    sauvegarder(tmp_path / "sauvegarde.jsonl.gz")
    restaurer(tmp_path / "sauvegarde.jsonl.gz")
    assert {ligne[1:] for ligne in tenues()} == {ligne[1:] for ligne in attendues}
    assert tenues() == sommees()
