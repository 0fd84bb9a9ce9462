"""Lire le fichier du portefeuille sans le charger en entier : CSV (« ; », UTF-8) ou XLSX (lu en flux).

Ce qui rend le fichier entier illisible (taille, encodage, séparateur, intitulés, nombre de lignes) est refusé par
`FichierRefuse`, avant toute écriture. Les cellules arrivent en texte, débarrassées des espaces de bord ; une
cellule qui ressemble à une formule de tableur est signalée par la validation de la ligne, jamais évaluée.
"""

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from openpyxl import load_workbook

from cpts.portefeuille.format import (
    CELLULE_MAX_CARACTERES,
    COLONNES,
    LIGNES_MAX,
    OBLIGATOIRES,
    TAILLE_MAX_OCTETS,
    date_fr,
)


class FichierRefuse(ValueError):
    """Le fichier entier est refusé : rien n'a été lu plus loin, rien n'est écrit."""


@dataclass(frozen=True)
class LigneLue:
    numero: int  # le numéro de la ligne dans le tableur (les intitulés sont la ligne 1)
    valeurs: dict[str, str]


def _cle(intitule: object) -> str:
    """« Département » et « departement » désignent la même colonne."""
    texte = unicodedata.normalize("NFKD", str(intitule or "")).encode("ascii", "ignore").decode()
    return texte.strip().lower().replace(" ", "_").replace("'", "_")


def _texte(cellule: object) -> str:
    if cellule is None:
        return ""
    if isinstance(cellule, datetime.datetime):
        return date_fr(cellule.date())
    if isinstance(cellule, datetime.date):
        return date_fr(cellule)
    if isinstance(cellule, float) and cellule.is_integer():
        return str(int(cellule))
    return str(cellule).strip()


def _lignes_csv(contenu: bytes) -> Iterator[list[object]]:
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FichierRefuse(
            "Encodage : le fichier n'est pas en UTF-8. Dans Excel, enregistrez-le au format « CSV UTF-8 (délimité "
            "par des points-virgules) »."
        ) from None
    premiere = texte.split("\n", 1)[0]
    if ";" not in premiere:
        trouve = next((nom for signe, nom in ((",", "virgule"), ("\t", "tabulation")) if signe in premiere), None)
        raise FichierRefuse(
            "Séparateur : les colonnes doivent être séparées par des points-virgules (« ; »)"
            + (f", ce fichier utilise la {trouve}." if trouve else ".")
        )
    try:
        yield from csv.reader(io.StringIO(texte, newline=""), delimiter=";")
    except csv.Error as erreur:
        raise FichierRefuse(
            f"Fichier CSV illisible : une cellule trop longue ou un guillemet qui n'est pas refermé ({erreur})."
        ) from None


def _lignes_xlsx(contenu: bytes, largeur: int) -> Iterator[list[object]]:
    try:
        # read_only : les lignes arrivent une à une ; les formules restent des textes « =… », jamais évaluées.
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=False)
    except Exception as erreur:  # openpyxl lève des erreurs variées sur un fichier abîmé
        raise FichierRefuse(f"Fichier XLSX illisible : {erreur}.") from None
    try:
        for rangee in classeur.worksheets[0].iter_rows(max_col=largeur + 10, values_only=True):
            yield list(rangee)
    finally:
        classeur.close()


def lire(
    nom_fichier: str,
    contenu: bytes,
    *,
    colonnes: Sequence[str] = COLONNES,
    obligatoires: Sequence[str] = OBLIGATOIRES,
    taille_max: int = TAILLE_MAX_OCTETS,
    lignes_max: int = LIGNES_MAX,
    trop_long: str = "Découpez-le par département.",
) -> Iterator[LigneLue]:
    """Les lignes non vides du fichier, en dictionnaires colonne → texte. Les bornes et les colonnes sont celles du
    portefeuille par défaut ; un autre import (les indicateurs du diagnostic) donne les siennes."""
    if len(contenu) > taille_max:
        raise FichierRefuse(
            f"Fichier trop volumineux : {len(contenu) // 1024} Ko, la limite est de {taille_max // 1024} Ko."
        )
    nom = nom_fichier.lower()
    if nom.endswith(".xlsx"):
        rangees = _lignes_xlsx(contenu, len(colonnes))
    elif nom.endswith(".csv"):
        rangees = _lignes_csv(contenu)
    else:
        raise FichierRefuse("Fichier : formats acceptés CSV (séparateur « ; », UTF-8) ou XLSX.")
    entetes = [_cle(cellule) for cellule in next(rangees, [])]
    if not any(entetes):
        raise FichierRefuse("Fichier vide : la première ligne porte les intitulés des colonnes.")
    inconnues = [entete for entete in entetes if entete and entete not in colonnes]
    manquantes = [colonne for colonne in obligatoires if colonne not in entetes]
    doublons = sorted({entete for entete in entetes if entete and entetes.count(entete) > 1})
    erreurs = [f"Ligne 1 : colonne « {colonne} » inconnue." for colonne in inconnues]
    erreurs += [f"Ligne 1 : colonne « {colonne} » manquante." for colonne in manquantes]
    erreurs += [f"Ligne 1 : colonne « {colonne} » en double." for colonne in doublons]
    if erreurs:
        raise FichierRefuse(" ".join(erreurs))
    lues = 0
    for numero, rangee in enumerate(rangees, start=2):
        textes = [_texte(cellule) for cellule in rangee]
        if any(len(texte) > CELLULE_MAX_CARACTERES for texte in textes):
            raise FichierRefuse(f"Ligne {numero} : une cellule dépasse {CELLULE_MAX_CARACTERES} caractères.")
        if not any(textes):
            continue
        lues += 1
        if lues > lignes_max:
            raise FichierRefuse(f"Fichier trop long : plus de {lignes_max} lignes (ligne {numero}). {trop_long}")
        yield LigneLue(
            numero, {entete: textes[i] if i < len(textes) else "" for i, entete in enumerate(entetes) if entete}
        )
