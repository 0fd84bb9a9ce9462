"""Les communes gardées en mémoire par le résumé du compositeur ne survivent pas à un import des communes."""

import pytest
from django.db.models import F

from cpts.territoires.composition import resumer
from cpts.territoires.importation import importer
from cpts.territoires.models import Commune
from cpts.territoires.version import nouvelle_version

pytestmark = pytest.mark.usefixtures("communes")
LYON, VILLEURBANNE = "69123", "69266"


def test_apres_un_import_le_resume_ne_sert_plus_les_communes_lues_avant() -> None:
    nouvelle_version()  # une mémoire vide, quoi qu'aient lu les tests d'avant
    Commune.objects.filter(code=LYON).update(population=F("population") + 1_000_000)
    gonflee = resumer([LYON, VILLEURBANNE]).population
    Commune.objects.filter(code=LYON).update(population=F("population") - 1_000_000)
    # Seul l'import change les communes : sans lui, la mémoire sert encore ce qu'elle a lu.
    assert resumer([LYON, VILLEURBANNE]).population == gonflee
    importer()
    assert resumer([LYON, VILLEURBANNE]).population == gonflee - 1_000_000
