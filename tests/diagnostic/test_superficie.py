"""La superficie d'une commune, de son contour en degrés projeté à plat autour de sa propre latitude."""

from decimal import Decimal

import pytest
from shapely.geometry import MultiPolygon, Polygon

from cpts.diagnostic.integres import aire_en_km2


def carre_d_un_dixieme_de_degre(latitude: float) -> MultiPolygon:
    bas, haut = latitude - 0.05, latitude + 0.05
    return MultiPolygon([Polygon([(4.8, bas), (4.9, bas), (4.9, haut), (4.8, haut)])])


@pytest.mark.parametrize(
    ("latitude", "km2"),
    # 0,1° × 111,320 km × cos(latitude), par 0,1° × 110,574 km.
    [(45.0, Decimal("87.0385")), (60.0, Decimal("61.5455"))],
)
def test_un_carre_d_un_dixieme_de_degre_se_resserre_en_longitude_avec_la_latitude(
    latitude: float, km2: Decimal
) -> None:
    assert aire_en_km2(carre_d_un_dixieme_de_degre(latitude)) == km2


def test_un_contour_vide_n_a_pas_de_superficie() -> None:
    assert aire_en_km2(MultiPolygon()) is None
