"""Le référentiel d'une seule région des tests qui réimportent les communes (`tests/referentiel_reduit.py`)."""

from pathlib import Path

import pytest

from cpts.territoires import referentiel
from cpts.territoires.models import Commune
from tests.referentiel_reduit import REGION


@pytest.mark.usefixtures("communes")
def test_les_fichiers_reduits_portent_chaque_commune_de_la_region_et_son_contour_sous_des_empreintes_verifiees(
    fichiers_du_referentiel_regional: Path,
) -> None:
    referentiel.verifier_empreintes(fichiers_du_referentiel_regional)
    codes = {commune.code for commune in referentiel.lire_communes(fichiers_du_referentiel_regional)}
    assert codes == set(Commune.objects.filter(region_id=REGION).values_list("code", flat=True))
    contours = set(referentiel.lire_contours_encodes(fichiers_du_referentiel_regional))
    assert contours == {(code, contour) for code, contour in referentiel.lire_contours_encodes() if code in codes}
    assert contours


def test_la_base_reduite_n_a_plus_que_les_communes_de_la_region(referentiel_regional: Path) -> None:
    assert set(Commune.objects.values_list("region_id", flat=True).distinct()) == {REGION}
    assert Commune.objects.filter(code="69123").exists()
