"""Lire une liste de codes INSEE déposée (CSV ou XLSX, le « fichier Excel des communes » de l'ARS).

Chaque anomalie est rapportée avec son numéro de ligne ; s'il y en a une seule, rien n'est retenu.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook

from cpts.territoires.models import Commune

TAILLE_MAX = 2 * 1024 * 1024
CODE_INSEE = re.compile(r"^(\d[\dAB]\d{3})$")
ENTETES_RECONNUES = {"code", "code insee", "insee", "code commune", "codgeo", "code_insee"}


@dataclass
class Lecture:
    codes: list[str] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)


def lire(nom: str, contenu: bytes) -> Lecture:
    if len(contenu) > TAILLE_MAX:
        return Lecture(erreurs=["Le fichier dépasse 2 Mo : une liste de communes est bien plus petite."])
    if zipfile.is_zipfile(io.BytesIO(contenu)):
        cellules = _cellules_xlsx(contenu)
        if cellules is None:
            return Lecture(erreurs=["Le fichier n'est pas un classeur XLSX lisible."])
    elif nom.lower().endswith(".xlsx"):
        return Lecture(erreurs=["Le fichier porte l'extension .xlsx mais n'est pas un classeur Excel."])
    else:
        cellules = _cellules_csv(contenu)
        if isinstance(cellules, str):
            return Lecture(erreurs=[cellules])
    return _verifier(cellules)


def _cellules_xlsx(contenu: bytes) -> list[str] | None:
    try:
        feuille = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True).worksheets[0]
    except Exception:
        return None
    cellules = []
    for ligne in feuille.iter_rows(max_col=1, values_only=True):
        valeur = ligne[0] if ligne else None
        # Excel enregistre 01001 comme le nombre 1001 : on le relit comme texte.
        cellules.append("" if valeur is None else str(int(valeur)) if isinstance(valeur, float | int) else str(valeur))
    return cellules


def _cellules_csv(contenu: bytes) -> list[str] | str:
    lignes_brutes = contenu.split(b"\n")
    textes = []
    for numero, brute in enumerate(lignes_brutes, start=1):
        try:
            textes.append(brute.decode("utf-8-sig" if numero == 1 else "utf-8"))
        except UnicodeDecodeError:
            return (
                f"Ligne {numero} : caractères illisibles. Enregistrez le fichier au format « CSV UTF-8 » "
                "(Excel : Enregistrer sous, CSV UTF-8)."
            )
    lecteur = csv.reader(io.StringIO("\n".join(textes)), delimiter=";" if ";" in textes[0] else ",")
    return [ligne[0].strip() if ligne else "" for ligne in lecteur]


def _verifier(cellules: list[str]) -> Lecture:
    lecture = Lecture()
    while cellules and not cellules[-1].strip():
        cellules.pop()
    vus: dict[str, int] = {}
    a_verifier: dict[str, int] = {}
    for numero, cellule in enumerate(cellules, start=1):
        valeur = cellule.strip()
        if numero == 1 and valeur.lower() in ENTETES_RECONNUES:
            continue
        if not valeur:
            lecture.erreurs.append(f"Ligne {numero} : ligne vide.")
            continue
        if re.fullmatch(r"\d{4}", valeur):
            lecture.avertissements.append(
                f"Ligne {numero} : {valeur} lu comme {valeur.zfill(5)} (zéro initial rétabli)."
            )
            valeur = valeur.zfill(5)
        if not CODE_INSEE.match(valeur.upper()):
            lecture.erreurs.append(f"Ligne {numero} : « {valeur} » n'est pas un code INSEE (5 caractères).")
            continue
        valeur = valeur.upper()
        if valeur in vus:
            lecture.erreurs.append(f"Ligne {numero} : le code {valeur} figure déjà ligne {vus[valeur]}.")
            continue
        vus[valeur] = numero
        a_verifier[valeur] = numero
    connus = set(Commune.objects.filter(code__in=a_verifier, active=True).values_list("code", flat=True))
    for code, numero in a_verifier.items():
        if code not in connus:
            lecture.erreurs.append(f"Ligne {numero} : code INSEE inconnu {code}.")
    lecture.erreurs.sort(key=lambda erreur: int(re.search(r"\d+", erreur).group()) if erreur.startswith("Ligne") else 0)
    if not lecture.erreurs:
        lecture.codes = list(a_verifier)
    if not lecture.codes and not lecture.erreurs:
        lecture.erreurs.append("Le fichier ne contient aucun code INSEE.")
    return lecture
