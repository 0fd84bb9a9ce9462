"""Les couches du code, exécutables : ce que dit la carte du README et docs/architecture.md, vérifié import par import.

Les imports faits dans une fonction comptent comme les autres : un import retardé cache une dépendance, il ne la
supprime pas.
"""

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import cpts

RACINE = Path(cpts.__file__).parent
# Au-dessus des pages et de l'API, seuls ceux qui les assemblent ou les pilotent de bout en bout (README, carte).
SOMMET = ("cpts.www", "cpts.api", "cpts.urls", "cpts.bench", "cpts.demo")
LIGNES_AU_PLUS = 400
# La phrase qui, dans la docstring d'un module plus long, ouvre la raison de sa longueur.
RAISON_DE_LA_LONGUEUR = "Plus de 400 lignes :"
DOMAINE = (
    "comptes",
    "notifications",
    "territoires",
    "dossiers",
    "contrats",
    "commission",
    "pilotage",
    "financement",
    "exploitation",
    "portefeuille",
    "diagnostic",
    "comptabilite",
    "travaux",
)


def _module(chemin: Path) -> str:
    parties = chemin.relative_to(RACINE.parent).with_suffix("").parts
    return ".".join(parties[:-1] if parties[-1] == "__init__" else parties)


def _imports(chemin: Path) -> Iterator[str]:
    paquet = _module(chemin) if chemin.name == "__init__.py" else _module(chemin).rpartition(".")[0]
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.Import):
            yield from (alias.name for alias in noeud.names)
        elif isinstance(noeud, ast.ImportFrom):
            base = noeud.module or ""
            if noeud.level:
                base = ".".join([*paquet.split(".")[: len(paquet.split(".")) - noeud.level + 1], base]).strip(".")
            # « from cpts.dossiers import etapes » importe le module cpts.dossiers.etapes s'il existe.
            for alias in noeud.names:
                yield f"{base}.{alias.name}" if _existe(f"{base}.{alias.name}") else base


def _existe(module: str) -> bool:
    chemin = RACINE.parent.joinpath(*module.split("."))
    return chemin.with_suffix(".py").exists() or (chemin / "__init__.py").exists()


@cache
def graphe() -> dict[str, set[str]]:
    """Lu au premier test qui en a besoin, pas à la collecte : chaque processus de la suite collecte ce module,
    d'ordinaire un seul en passe les tests (lire et analyser chaque module du projet prend une à deux secondes)."""
    fichiers = [f for f in RACINE.rglob("*.py") if "migrations" not in f.parts]
    return {_module(f): {i for i in _imports(f) if i == "cpts" or i.startswith("cpts.")} for f in fichiers}


def _dans(module: str, paquet: str) -> bool:
    return module == paquet or module.startswith(paquet + ".")


def _violations(de: tuple[str, ...], vers: tuple[str, ...], sauf: tuple[str, ...] = ()) -> list[str]:
    return sorted(
        f"{module} importe {cible}"
        for module, cibles in graphe().items()
        if any(_dans(module, p) for p in de)
        for cible in cibles
        if any(_dans(cible, p) for p in vers) and not any(_dans(cible, p) for p in sauf)
    )


def test_le_graphe_des_imports_couvre_les_applications() -> None:
    assert {"cpts.regles.montants", "cpts.dossiers.etapes", "cpts.api.dossiers", "cpts.www.dossiers.views"} <= set(
        graphe()
    )
    assert "cpts.dossiers.etapes" in graphe()["cpts.api.dossiers"]


def test_les_regles_n_importent_rien_du_projet_hors_d_elles_memes() -> None:
    assert _violations(("cpts.regles",), ("cpts",), sauf=("cpts.regles",)) == []


@pytest.mark.parametrize("application", DOMAINE)
def test_une_application_du_domaine_n_importe_ni_les_pages_ni_l_api(application: str) -> None:
    assert _violations((f"cpts.{application}",), ("cpts.www", "cpts.api")) == []


def test_l_api_n_importe_pas_les_pages() -> None:
    assert _violations(("cpts.api",), ("cpts.www",)) == []


def test_rien_sous_les_pages_et_l_api_ne_les_importe_modules_communs_compris() -> None:
    # Chaque module nommé à part : le paquet racine `cpts` contiendrait tous les autres.
    dessous = tuple(m for m in graphe() if m != "cpts" and not any(_dans(m, haut) for haut in SOMMET))

    assert "cpts.concurrence" in dessous
    assert _violations(dessous, ("cpts.www", "cpts.api")) == []


def _longs_sans_raison() -> Iterator[str]:
    for chemin in sorted(RACINE.rglob("*.py")):
        if "migrations" in chemin.parts:
            continue
        texte = chemin.read_text(encoding="utf-8")
        docstring = " ".join((ast.get_docstring(ast.parse(texte)) or "").split())
        if len(texte.splitlines()) > LIGNES_AU_PLUS and RAISON_DE_LA_LONGUEUR not in docstring:
            yield f"{chemin.relative_to(RACINE)} ({len(texte.splitlines())} lignes)"


def test_un_module_de_plus_de_400_lignes_dit_pourquoi_dans_sa_docstring() -> None:
    """Migrations exceptées (écrites par Django) ; les tables de paramètres sont en YAML, pas en Python."""
    assert list(_longs_sans_raison()) == []


def _cycles() -> list[list[str]]:
    """Les composantes fortement connexes de plus d'un module (Tarjan, itératif)."""
    index: dict[str, int] = {}
    bas: dict[str, int] = {}
    pile: list[str] = []
    sur_pile: set[str] = set()
    composantes: list[list[str]] = []
    imports = graphe()
    for depart in sorted(imports):
        if depart in index:
            continue
        travail = [(depart, iter(sorted(imports[depart])))]
        index[depart] = bas[depart] = len(index)
        pile.append(depart)
        sur_pile.add(depart)
        while travail:
            noeud, suivants = travail[-1]
            for voisin in suivants:
                if voisin not in imports:
                    continue
                if voisin not in index:
                    index[voisin] = bas[voisin] = len(index)
                    pile.append(voisin)
                    sur_pile.add(voisin)
                    travail.append((voisin, iter(sorted(imports[voisin]))))
                    break
                if voisin in sur_pile:
                    bas[noeud] = min(bas[noeud], index[voisin])
            else:
                travail.pop()
                if travail:
                    bas[travail[-1][0]] = min(bas[travail[-1][0]], bas[noeud])
                if bas[noeud] == index[noeud]:
                    composante = []
                    while True:
                        membre = pile.pop()
                        sur_pile.discard(membre)
                        composante.append(membre)
                        if membre == noeud:
                            break
                    if len(composante) > 1:
                        composantes.append(sorted(composante))
    return composantes


def test_aucun_module_ne_s_importe_lui_meme_par_un_detour() -> None:
    assert _cycles() == []
