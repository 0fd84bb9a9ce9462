"""Les morceaux d'un seul tenant d'un ensemble d'unités : la référence contre laquelle se vérifient le graphe des
voisines que l'import calcule et les parcours rapides du compositeur (`d_un_seul_tenant`, `d_un_seul_tenant_apres`),
qui ne disent que « un seul morceau ou non »."""

from collections.abc import Iterable, Mapping


def regrouper(voisines: Mapping[str, Iterable[str]]) -> tuple[frozenset[str], ...]:
    """Les morceaux d'un ensemble d'unités (code -> voisines), le plus grand d'abord ; les voisines hors de l'ensemble
    sont ignorées. Un parcours en largeur par morceau, le plus simple possible : c'est une référence."""
    restantes = set(voisines)
    groupes: list[set[str]] = []
    while restantes:
        groupe = {restantes.pop()}
        a_voir = list(groupe)
        while a_voir:
            nouvelles = restantes.intersection(voisines[a_voir.pop()])
            restantes -= nouvelles
            groupe |= nouvelles
            a_voir.extend(nouvelles)
        groupes.append(groupe)
    return tuple(sorted((frozenset(g) for g in groupes), key=lambda g: (-len(g), min(g))))
