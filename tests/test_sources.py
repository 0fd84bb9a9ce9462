"""La bibliographie (`docs/sources.md`) : chaque référence des fichiers de paramètres et chaque clé citée dans le
code, les gabarits ou les tests y a son entrée ; aucune citation ne renvoie à un fichier de travail que les
lecteurs ne peuvent pas ouvrir."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

RACINE = Path(__file__).resolve().parent.parent
BIBLIOGRAPHIE = RACINE / "docs" / "sources.md"
PARAMETRES = [
    *sorted((RACINE / "src" / "cpts" / "regles" / "parametres").rglob("*.yaml")),
    RACINE / "src" / "cpts" / "dossiers" / "parametres_regionaux.yaml",
]
# Une clé citée : [ars-aura-guide] ; « type: ignore[arg-type] » n'en est pas une.
CLE_CITEE = re.compile(r"(?<!ignore)\[(?!data-)([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\]")
ENTREE = re.compile(r"^### \[([a-z0-9-]+)\] ", re.M)
SUFFIXES_LUS = {".py", ".yaml", ".html", ".md", ".txt", ".sh"}
# Le mot du fichier de travail d'origine, écrit en deux morceaux pour que ce test ne se trouve pas lui-même.
MOT_INTERDIT = re.compile("se" + "eds?\\b|PRODUCT\\.md", re.I)


def cles_de_la_bibliographie() -> set[str]:
    return set(ENTREE.findall(BIBLIOGRAPHIE.read_text("utf-8")))


def references(noeud: object, chemin: str = "") -> Iterator[tuple[str, dict]]:
    if isinstance(noeud, dict):
        for cle, valeur in noeud.items():
            if cle == "references" and isinstance(valeur, list):
                yield from ((f"{chemin}.{cle}.{rang}", ref) for rang, ref in enumerate(valeur))
            else:
                yield from references(valeur, f"{chemin}.{cle}")
    elif isinstance(noeud, list):
        for rang, valeur in enumerate(noeud):
            yield from references(valeur, f"{chemin}.{rang}")


def fichiers_du_depot() -> Iterator[Path]:
    for dossier in ("src", "tests", "scripts", "docs"):
        for fichier in (RACINE / dossier).rglob("*"):
            # Les paquets npm installés pour les tests (node_modules) ne sont pas du dépôt.
            hors_depot = "static" in fichier.parts or "node_modules" in fichier.parts
            lisible = fichier.suffix in SUFFIXES_LUS and not hors_depot and fichier.is_file()
            # Ce fichier-ci écrit les motifs qu'il cherche : il ne se contrôle pas lui-même.
            if lisible and fichier != Path(__file__).resolve():
                yield fichier


def test_la_bibliographie_donne_a_chaque_entree_un_titre_une_date_et_une_adresse() -> None:
    texte = BIBLIOGRAPHIE.read_text("utf-8")
    entrees = re.split(r"^### ", texte, flags=re.M)[1:]

    assert len(entrees) == len(cles_de_la_bibliographie()) >= 10
    for entree in entrees:
        assert "Adresse publique" in entree, entree.splitlines()[0]
        assert re.search(r"\b(19|20)\d\d\b|non daté", entree), entree.splitlines()[0]


@pytest.mark.parametrize("fichier", PARAMETRES, ids=lambda fichier: fichier.name)
def test_chaque_reference_des_parametres_renvoie_a_une_entree_de_la_bibliographie(fichier: Path) -> None:
    cles = cles_de_la_bibliographie()

    for chemin, reference in references(yaml.safe_load(fichier.read_text("utf-8"))):
        assert reference.get("source") in cles, f"{fichier.name}{chemin} : {reference.get('titre')}"
        assert "document" not in reference, f"{fichier.name}{chemin} : fichier de travail cité"
        assert reference.get("lien", "https://").startswith(("http://", "https://")), f"{fichier.name}{chemin}"


def test_chaque_cle_citee_dans_le_code_les_gabarits_et_les_tests_existe_dans_la_bibliographie() -> None:
    cles = cles_de_la_bibliographie()

    inconnues = {
        f"{fichier.relative_to(RACINE)} : [{cle}]"
        for fichier in fichiers_du_depot()
        for cle in CLE_CITEE.findall(fichier.read_text("utf-8", errors="replace"))
        if cle not in cles
    }

    assert not inconnues, sorted(inconnues)


def test_aucune_citation_ne_renvoie_aux_fichiers_de_travail_hors_du_depot() -> None:
    citations = {
        f"{fichier.relative_to(RACINE)}:{rang}"
        for fichier in fichiers_du_depot()
        if "migrations" not in fichier.parts
        for rang, ligne in enumerate(fichier.read_text("utf-8", errors="replace").splitlines(), 1)
        if MOT_INTERDIT.search(ligne)
    }

    assert not citations, sorted(citations)
