"""Contiguïté et contour d'un territoire, sur des formes simples et sur les vrais contours."""

import random
from itertools import pairwise

import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from cpts.territoires.geometrie import (
    contour_territoire,
    contour_territoire_geojson,
    d_un_seul_tenant,
    d_un_seul_tenant_apres,
    decoder_multipolygone,
    encoder_multipolygone,
    geometrie_geojson,
    quantifier,
)
from cpts.territoires.referentiel import lire_contours
from cpts.territoires.voisinage import calculer_voisinages
from tests.territoires.morceaux import regrouper

LYON, VILLEURBANNE, VAULX_EN_VELIN, MARSEILLE = "69123", "69266", "69256", "13055"


def contours_reels(*codes: str) -> dict[str, MultiPolygon]:
    return {c.code: c.geometrie for c in lire_contours(codes=set(codes))}


def morceaux(contours: dict[str, BaseGeometry]) -> tuple[frozenset[str], ...]:
    """Les morceaux d'un seul tenant, par le graphe des voisines que l'import calcule depuis les contours."""
    voisinages = calculer_voisinages(
        {code: MultiPolygon([g]) if g.geom_type == "Polygon" else g for code, g in contours.items()}, {}
    )
    return regrouper({code: voisinage.voisines for code, voisinage in voisinages.items()})


def test_lyon_et_villeurbanne_forment_un_seul_morceau() -> None:
    assert len(morceaux(contours_reels(LYON, VILLEURBANNE))) == 1


def test_lyon_et_marseille_ne_forment_pas_un_seul_morceau() -> None:
    assert set(morceaux(contours_reels(LYON, MARSEILLE))) == {frozenset({LYON}), frozenset({MARSEILLE})}


def test_une_commune_reliee_par_une_voisine_commune_rejoint_le_morceau() -> None:
    # Lyon et Vaulx-en-Velin ne se touchent pas ; Villeurbanne les relie.
    contours = contours_reels(LYON, VILLEURBANNE, VAULX_EN_VELIN)

    assert len(morceaux({c: contours[c] for c in (LYON, VAULX_EN_VELIN)})) == 2
    assert len(morceaux(contours)) == 1


def test_deux_communes_qui_ne_se_touchent_que_par_un_coin_sont_voisines() -> None:
    assert len(morceaux({"A": box(0, 0, 1, 1), "B": box(1, 1, 2, 2)})) == 1


def test_deux_communes_separees_par_un_mince_interstice_ne_sont_pas_voisines() -> None:
    assert len(morceaux({"A": box(0, 0, 1, 1), "B": box(1.0001, 0, 2, 1)})) == 2


def test_les_morceaux_vont_du_plus_grand_au_plus_petit() -> None:
    assert morceaux({"A": box(10, 0, 11, 1), "B": box(0, 0, 1, 1), "C": box(1, 0, 2, 1)}) == (
        frozenset({"B", "C"}),
        frozenset({"A"}),
    )


def test_une_voisine_hors_de_l_ensemble_ne_relie_pas_deux_morceaux() -> None:
    assert regrouper({"A": {"B"}, "C": {"B"}}) == (frozenset({"A"}), frozenset({"C"}))


def test_un_territoire_vide_n_est_pas_morcele() -> None:
    assert regrouper({}) == ()


# Une ligne de cinq cases : A-B-C-D-E ; et un carré de quatre cases qui se touchent toutes : F, G, H, I.
LIGNE = {"A": {"B"}, "B": {"A", "C"}, "C": {"B", "D"}, "D": {"C", "E"}, "E": {"D"}}
CARRE = {case: {"F", "G", "H", "I"} - {case} for case in "FGHI"}


def test_une_case_ajoutee_au_bout_d_une_ligne_la_laisse_d_un_seul_tenant() -> None:
    assert d_un_seul_tenant_apres(set("ABC"), True, set("ABCD"), LIGNE) is True


def test_une_case_ajoutee_a_l_ecart_morcelle_la_ligne() -> None:
    assert d_un_seul_tenant_apres(set("AB"), True, set("ABD"), LIGNE) is False


def test_une_case_retiree_dont_les_voisines_restantes_se_touchent_laisse_le_carre_d_un_seul_tenant() -> None:
    assert d_un_seul_tenant_apres(set("FGHI"), True, set("FGH"), CARRE) is True


def test_une_case_retiree_au_milieu_d_une_ligne_se_juge_par_le_parcours_entier() -> None:
    assert d_un_seul_tenant_apres(set("ABC"), True, set("AC"), LIGNE) is None


def test_un_territoire_deja_morcele_se_juge_par_le_parcours_entier() -> None:
    assert d_un_seul_tenant_apres(set("AC"), False, set("ABC"), LIGNE) is None


def _grille(cote: int) -> dict[str, frozenset[str]]:
    cases = {(x, y) for x in range(cote) for y in range(cote)}
    return {
        f"{x},{y}": frozenset(
            f"{x + dx},{y + dy}" for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (dx or dy) and (x + dx, y + dy) in cases
        )
        for x, y in cases
    }


@pytest.mark.parametrize("graine", range(30))
def test_la_contiguite_deduite_clic_apres_clic_est_celle_du_parcours_entier(graine: int) -> None:
    tirage, grille = random.Random(graine), _grille(8)
    unites, contigu, deduites = {tirage.choice(sorted(grille))}, True, 0
    for _ in range(80):
        autour = sorted({voisine for case in unites for voisine in grille[case]} - unites)
        if not unites or (autour and tirage.random() < 0.7):
            apres = unites | {tirage.choice(autour or sorted(grille))}
        else:
            apres = unites - {tirage.choice(sorted(unites))}
        attendu = len(regrouper({case: grille[case] for case in apres})) <= 1
        deduction = d_un_seul_tenant_apres(unites, contigu, apres, grille)
        if deduction is not None:
            deduites += 1
            assert deduction == attendu
        unites, contigu = apres, attendu
    assert deduites > 5


def test_l_encodage_suit_l_algorithme_des_polylignes_de_google() -> None:
    # Exemple de la documentation de l'algorithme : (38.5, -120.2), (40.7, -120.95), (43.252, -126.453).
    triangle = Polygon([(-120.2, 38.5), (-120.95, 40.7), (-126.453, 43.252)])

    assert encoder_multipolygone(triangle).startswith("_p~iF~ps|U_ulLnnqC_mqNvxq`@")


def test_un_contour_encode_puis_decode_est_inchange() -> None:
    troue = Polygon(
        [(4.8, 45.7), (4.9, 45.7), (4.9, 45.8), (4.8, 45.8)],
        [[(4.82, 45.72), (4.84, 45.72), (4.84, 45.74), (4.82, 45.74)]],
    )
    ile = Polygon([(-1.5, 47.0), (-1.4, 47.0), (-1.4, 47.1)])
    original = quantifier(MultiPolygon([troue, ile]))

    assert decoder_multipolygone(encoder_multipolygone(original)).equals_exact(original, tolerance=0)


def test_la_quantification_garde_la_frontiere_commune_de_deux_voisines() -> None:
    # Sommets hors grille partagés : chaque contour est arrondi seul, la frontière reste commune.
    frontiere = [(0.123456789, 0.0), (0.123454321, 1.0)]
    gauche = quantifier(Polygon([(0, 0), *frontiere, (0, 1)]))
    droite = quantifier(Polygon([*frontiere, (1, 1), (1, 0)]))

    assert gauche.intersection(droite).length > 0.99
    assert gauche.intersection(droite).area == 0


def test_le_contour_d_un_territoire_est_l_union_de_ses_communes() -> None:
    contours = contours_reels(LYON, VILLEURBANNE)

    contour = contour_territoire(contours.values())

    assert len(contour.geoms) == 1
    assert abs(contour.area - sum(g.area for g in contours.values())) < 1e-9


def test_le_contour_d_un_territoire_garde_ses_trous() -> None:
    # Huit cases autour d'une case absente : le trou reste visible.
    cases = [box(x, y, x + 1, y + 1) for x in range(3) for y in range(3) if (x, y) != (1, 1)]

    contour = contour_territoire(cases)

    assert len(contour.geoms[0].interiors) == 1


def test_le_contour_d_un_territoire_ignore_les_communes_sans_contour() -> None:
    assert contour_territoire([box(0, 0, 1, 1), None]).equals(MultiPolygon([box(0, 0, 1, 1)]))


def test_le_geojson_d_affichage_est_simplifie_et_arrondi() -> None:
    lyon = contours_reels(LYON)[LYON]

    geojson = geometrie_geojson(lyon)

    sommets = [p for polygone in geojson["coordinates"] for anneau in polygone for p in anneau]
    assert geojson["type"] == "MultiPolygon"
    assert len(sommets) < shapely.get_num_coordinates(lyon)
    assert all(round(v, 5) == v for p in sommets for v in p)


def test_le_geojson_d_un_territoire_est_une_feature_avec_ses_proprietes() -> None:
    feature = contour_territoire_geojson(
        contours_reels(LYON, VILLEURBANNE).values(), proprietes={"nom": "CPTS Lyon-Villeurbanne"}
    )

    assert feature["type"] == "Feature"
    assert feature["properties"] == {"nom": "CPTS Lyon-Villeurbanne"}
    assert len(feature["geometry"]["coordinates"]) == 1


def _aire_signee(anneau: list[list[float]]) -> float:
    """Positive pour un anneau dans le sens inverse des aiguilles d'une montre (formule du lacet)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(anneau)) / 2


def test_le_geojson_tourne_ses_anneaux_selon_la_rfc_7946() -> None:
    # Un carré troué dessiné à l'envers : extérieur dans le sens des aiguilles, trou dans l'autre sens.
    exterieur = [(0, 0), (0, 3), (3, 3), (3, 0), (0, 0)]
    trou = [(1, 1), (2, 1), (2, 2), (1, 2), (1, 1)]

    (polygone,) = geometrie_geojson(Polygon(exterieur, [trou]), tolerance=0)["coordinates"]

    assert _aire_signee(polygone[0]) > 0  # extérieur : sens inverse des aiguilles d'une montre
    assert _aire_signee(polygone[1]) < 0  # trou : sens des aiguilles d'une montre


def test_les_contours_reels_exportes_tournent_dans_le_sens_de_la_rfc_7946() -> None:
    geojson = geometrie_geojson(contours_reels(LYON, MARSEILLE)[MARSEILLE])

    assert all(_aire_signee(polygone[0]) > 0 for polygone in geojson["coordinates"])


def test_un_seul_tenant_est_dit_sans_les_morceaux_pour_une_ligne_coupee_ou_entiere_et_le_vide() -> None:
    assert d_un_seul_tenant(LIGNE) is True
    assert d_un_seul_tenant({case: LIGNE[case] for case in "ABDE"}) is False
    assert d_un_seul_tenant({"A": {"B"}, "C": {"B"}}) is False
    assert d_un_seul_tenant({}) is True


@pytest.mark.parametrize("graine", range(20))
def test_un_seul_tenant_est_le_verdict_des_morceaux_sur_des_grilles_tirees_au_hasard(graine: int) -> None:
    tirage, grille = random.Random(graine), _grille(10)
    for part in (0.3, 0.5, 0.7, 0.9):
        cases = {case: grille[case] for case in sorted(grille) if tirage.random() < part}
        assert d_un_seul_tenant(cases) is (len(regrouper(cases)) <= 1)
