"""Le graphe des voisines : sur des formes simples, puis tel que l'import le range en base."""

import random
from collections.abc import Mapping

import pytest
from shapely.geometry import MultiPolygon, box

from cpts.territoires.models import Commune
from cpts.territoires.voisinage import (
    Lecteur,
    Voisinage,
    calculer_voisinages,
    decoder_voisines,
    trous,
    trous_apres,
)

LYON, VILLEURBANNE, VAULX_EN_VELIN, ILE_DE_SEIN, MARSEILLE = "69123", "69266", "69256", "29083", "13055"


def damier() -> dict[str, MultiPolygon]:
    """Neuf cases de 1 × 1 : « c » au centre, les huit autres autour."""
    noms = iter("abcdefghi")
    cases = {}
    for y in (2, 1, 0):
        for x in (0, 1, 2):
            cases[next(noms)] = MultiPolygon([box(x, y, x + 1, y + 1)])
    return {"c" if nom == "e" else "e" if nom == "c" else nom: case for nom, case in cases.items()}


def test_deux_cases_qui_se_touchent_par_un_coin_sont_voisines_dans_les_deux_sens() -> None:
    voisinages = calculer_voisinages(damier(), {})

    # « a » en haut à gauche, « c » au centre : un seul point commun.
    assert "c" in voisinages["a"].voisines
    assert "a" in voisinages["c"].voisines
    assert "i" not in voisinages["a"].voisines


def test_la_case_du_centre_touche_les_huit_autres_et_n_est_pas_en_bordure() -> None:
    centre = calculer_voisinages(damier(), {})["c"]

    assert centre.voisines == set("abdefghi")
    assert not centre.en_bordure


def test_les_cases_du_pourtour_sont_en_bordure() -> None:
    voisinages = calculer_voisinages(damier(), {})

    assert {code for code, voisinage in voisinages.items() if voisinage.en_bordure} == set("abdefghi")


def lecteur(voisinages: Mapping[str, Voisinage]) -> Lecteur:
    return lambda codes: {code: voisinages.get(code) for code in codes}


def test_une_commune_entouree_par_les_couvertes_forme_un_trou() -> None:
    voisinages = calculer_voisinages(damier(), {})

    assert trous(set("abdefghi"), lecteur(voisinages)) == [{"c"}]


def test_un_groupe_qui_touche_le_bord_de_la_france_n_est_pas_un_trou() -> None:
    voisinages = calculer_voisinages(damier(), {})

    assert trous(set("abdfghi"), lecteur(voisinages)) == []


def test_un_groupe_qui_sort_de_l_emprise_connue_n_est_pas_un_trou() -> None:
    voisinages = calculer_voisinages(damier(), {})
    sans_bord_ni_e = {code: Voisinage(v.voisines, False) for code, v in voisinages.items() if code != "e"}

    assert trous(set("abdfghi"), lecteur(sans_bord_ni_e)) == []


def _grille(cote: int) -> dict[str, Voisinage]:
    """Une grille de cases voisines par un côté ou un coin, celles du pourtour en bordure."""
    cases = [(x, y) for x in range(cote) for y in range(cote)]
    return {
        f"{x},{y}": Voisinage(
            frozenset(f"{x + dx},{y + dy}" for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (dx, dy) != (0, 0))
            & {f"{a},{b}" for a, b in cases},
            x in (0, cote - 1) or y in (0, cote - 1),
        )
        for x, y in cases
    }


def _trous_par_la_grille_entiere(grille: dict[str, Voisinage], couvertes: set[str], dedans: set[str]) -> list[set[str]]:
    """Chaque groupe de cases non couvertes de la grille ; un trou n'a ni case au bord ni case hors de l'emprise."""
    libres, groupes = set(grille) - couvertes, []
    while libres:
        groupe, a_voir = set(), [libres.pop()]
        while a_voir:
            case = a_voir.pop()
            groupe.add(case)
            voisines = grille[case].voisines & libres
            libres -= voisines
            a_voir.extend(voisines)
        if groupe <= dedans and not any(grille[case].en_bordure for case in groupe):
            groupes.append(groupe)
    return groupes


@pytest.mark.parametrize("graine", range(60))
def test_les_trous_sont_ceux_que_donne_le_parcours_de_toute_la_grille(graine: int) -> None:
    # Le tour du territoire classé de proche en proche, sans parcours : les mêmes trous qu'un parcours de tout.
    tirage = random.Random(graine)
    grille = _grille(12)
    # Un territoire tiré dans un rectangle de la grille : l'extérieur est au bord de la France ou hors de l'emprise.
    x0, y0 = tirage.randrange(6), tirage.randrange(6)
    x1, y1 = tirage.randrange(x0 + 3, 12), tirage.randrange(y0 + 3, 12)
    part = tirage.choice((0.5, 0.7, 0.85))
    couvertes = {f"{x},{y}" for x in range(x0, x1 + 1) for y in range(y0, y1 + 1) if tirage.random() < part}
    colonnes = sorted({int(case.split(",")[0]) for case in couvertes} or {0})
    lignes = sorted({int(case.split(",")[1]) for case in couvertes} or {0})
    dedans = {
        case
        for case in grille
        if colonnes[0] <= int(case.split(",")[0]) <= colonnes[-1] and lignes[0] <= int(case.split(",")[1]) <= lignes[-1]
    }
    lire = lambda codes: {code: grille[code] if code in dedans else None for code in codes}  # noqa: E731

    trouves = sorted(map(sorted, trous(couvertes, lire)))
    assert trouves == sorted(map(sorted, _trous_par_la_grille_entiere(grille, couvertes, dedans)))


def test_la_case_qui_ferme_l_anneau_cree_le_trou_qu_il_entoure() -> None:
    voisinages = calculer_voisinages(damier(), {})

    assert trous_apres(set("abdfghi"), set(), set("abdefghi"), lecteur(voisinages)) == {"c"}


def test_la_case_retiree_au_milieu_de_l_anneau_devient_un_trou() -> None:
    voisinages = calculer_voisinages(damier(), {})

    assert trous_apres(set("abcdefghi"), set(), set("abdefghi"), lecteur(voisinages)) == {"c"}


def test_une_case_retiree_au_bord_ouvre_le_trou_sur_le_dehors() -> None:
    voisinages = calculer_voisinages(damier(), {})

    assert trous_apres(set("abdefghi"), {"c"}, set("abdfghi"), lecteur(voisinages)) == set()


def test_deux_cases_changees_d_un_coup_ne_se_deduisent_pas() -> None:
    voisinages = calculer_voisinages(damier(), {})

    assert trous_apres(set("abdefghi"), {"c"}, set("abdgh"), lecteur(voisinages)) is None


@pytest.mark.parametrize("graine", range(40))
def test_les_trous_deduits_clic_apres_clic_sont_ceux_du_calcul_entier(graine: int) -> None:
    # Le compositeur ajoute ou retire une case à la fois : sous la même emprise, les trous se déduisent de ceux du clic
    # d'avant, jamais autrement que ne les trouve le calcul entier.
    tirage = random.Random(graine)
    grille = _grille(12)
    emprise = {f"{x},{y}" for x in range(1, 11) for y in range(2, 10)}
    lire = lambda codes: {code: grille[code] if code in emprise else None for code in codes}  # noqa: E731
    couvertes = {case for case in sorted(emprise) if tirage.random() < 0.8}
    avant = {case for groupe in trous(couvertes, lire) for case in groupe}
    deduits = 0
    for _ in range(60):
        apres = couvertes ^ {tirage.choice(sorted(emprise))}
        attendus = {case for groupe in trous(apres, lire) for case in groupe}
        deduction = trous_apres(couvertes, avant, apres, lire)
        if deduction is not None:
            deduits += 1
            assert deduction == attendus
        couvertes, avant = apres, attendus
    assert deduits > 30


@pytest.mark.usefixtures("communes")
def test_lyon_et_villeurbanne_sont_voisines_dans_les_deux_sens() -> None:
    lyon, villeurbanne = Commune.objects.get(code=LYON), Commune.objects.get(code=VILLEURBANNE)

    assert VILLEURBANNE in decoder_voisines(lyon.voisines)
    assert LYON in decoder_voisines(villeurbanne.voisines)


@pytest.mark.usefixtures("communes")
def test_l_ile_de_sein_n_a_aucune_voisine_et_est_en_bordure() -> None:
    sein = Commune.objects.get(code=ILE_DE_SEIN)

    assert (sein.voisines, sein.en_bordure) == ("", True)


@pytest.mark.usefixtures("communes")
def test_une_commune_de_l_interieur_n_est_pas_en_bordure() -> None:
    assert not Commune.objects.get(code=VAULX_EN_VELIN).en_bordure


@pytest.mark.usefixtures("communes")
def test_une_commune_a_arrondissements_est_en_bordure_si_l_un_d_eux_l_est() -> None:
    # Marseille recouvre ses arrondissements : ses côtes sont aussi les leurs, jamais vues une seule fois.
    assert Commune.objects.get(code=MARSEILLE).en_bordure
