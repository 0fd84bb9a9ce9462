"""Le référentiel d'une seule région, pour les tests qui réimportent les communes : en fichiers (une copie du
référentiel figé dont les communes et les contours sont ceux de la région, empreintes refaites) et en base (les
communes des autres régions retirées le temps du test).

Un import du référentiel entier relit 35 000 communes et recalcule leurs voisinages : une dizaine de secondes par
test. Ce qu'éprouvent ces tests (ce que l'import change, ce qu'il rend caduc, ce qu'il refait) ne dépend pas du nombre
de communes ; l'import du référentiel entier reste éprouvé (`tests/territoires/test_importation.py`, la base de test
de chaque processus) et mesuré par `make bench`.
"""

import csv
import gzip
import hashlib
import io
import json
import shutil
from collections.abc import Collection
from pathlib import Path

from django.db import connection

from cpts.territoires import referentiel
from cpts.territoires.version import nouvelle_version

# Auvergne-Rhône-Alpes : Lyon et ses arrondissements, Villeurbanne, Saint-Étienne, les communes de l'Ain.
REGION = "84"


def _ecrire_gz(chemin: Path, texte: str) -> None:
    chemin.write_bytes(gzip.compress(texte.encode("utf-8"), mtime=0))


def ecrire(source: Path, cible: Path, regions: Collection[str] = (REGION,)) -> Path:
    """Copie le référentiel `source` dans `cible` avec les seules communes de `regions` et leurs contours."""
    shutil.copytree(source, cible)
    with gzip.open(source / referentiel.FICHIER_COMMUNES, "rt", encoding="utf-8", newline="") as fichier:
        lecteur = csv.DictReader(fichier)
        gardees = [ligne for ligne in lecteur if ligne["region"] in regions]
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=referentiel.COLONNES_COMMUNES, lineterminator="\n")
    ecrivain.writeheader()
    ecrivain.writerows(gardees)
    _ecrire_gz(cible / referentiel.FICHIER_COMMUNES, sortie.getvalue())
    codes = {ligne["code"] for ligne in gardees}
    # Une ligne par contour, le code en tête ; la géométrie encodée n'a pas de virgule.
    with gzip.open(source / referentiel.FICHIER_CONTOURS, "rt", encoding="utf-8", newline="") as fichier:
        entete, *lignes = fichier.read().splitlines(keepends=True)
    contours = [ligne for ligne in lignes if ligne.split(",", 1)[0] in codes]
    _ecrire_gz(cible / referentiel.FICHIER_CONTOURS, entete + "".join(contours))
    provenance = json.loads((cible / referentiel.FICHIER_PROVENANCE).read_text(encoding="utf-8"))
    for nom, nombre in ((referentiel.FICHIER_COMMUNES, len(gardees)), (referentiel.FICHIER_CONTOURS, len(contours))):
        contenu = (cible / nom).read_bytes()
        provenance["fichiers"][nom].update(
            sha256=hashlib.sha256(contenu).hexdigest(), octets=len(contenu), lignes=nombre
        )
    (cible / referentiel.FICHIER_PROVENANCE).write_text(json.dumps(provenance), encoding="utf-8")
    return cible


def reduire_la_base(region: str = REGION) -> None:
    """Retire de la base, dans la transaction en cours, les communes des autres régions et leurs superficies. Le
    référentiel reçoit une version neuve : rien de ce qu'un processus garde sous la sienne n'est servi sur la base
    réduite, ni après elle."""
    with connection.cursor() as curseur:
        autres = "SELECT code FROM territoires_commune WHERE region_id <> %s"
        curseur.execute(f"DELETE FROM diagnostic_surface WHERE commune_id IN ({autres})", [region])
        curseur.execute("DELETE FROM territoires_commune WHERE region_id <> %s", [region])
    nouvelle_version()
