"""L'import d'une liste de membres depuis un fichier CSV ou XLSX : tout ou rien, erreurs numérotées par ligne,
fichier borné (taille, lignes, colonnes, archive décompressée). Chaque membre passe les contrôles du modèle.
"""

import csv
import io
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook

from cpts.dossiers.ecriture import exiger_ouverte
from cpts.dossiers.enums import CategorieStructure, Profession, Recours, TypeMembre
from cpts.dossiers.models import Cpts, Membre

COLONNES = {
    "type": "type",
    "profession": "profession",
    "categorie": "categorie",
    "catégorie": "categorie",
    "nom": "nom",
    "prenom": "prenom",
    "prénom": "prenom",
    "rpps": "rpps",
    "recours": "recours",
    "lieu d'exercice": "lieu_exercice",
    "lieu_exercice": "lieu_exercice",
    "localisation": "lieu_exercice",
    "structure": "structure",
    "structure d'appartenance": "structure",
    "gouvernance": "gouvernance",
    "adherent": "adherent",
    "adhérent": "adherent",
    "participation incertaine": "participation_incertaine",
}
OUI = {"oui", "o", "x", "1", "vrai", "yes"}
NON = {"non", "n", "", "0", "faux", "no"}


def _simplifier(texte: object) -> str:
    brut = "" if texte is None else str(texte)
    sans_accents = unicodedata.normalize("NFKD", brut).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.replace("’", "'").lower().split())


def _index(choix: type) -> dict[str, str]:
    index = {}
    for code, libelle in choix.choices:
        index[_simplifier(code)] = code
        index[_simplifier(libelle)] = code
    return index


PROFESSIONS = _index(Profession)
CATEGORIES = _index(CategorieStructure)
TYPES = {**_index(TypeMembre), "professionnel": TypeMembre.PROFESSIONNEL, "ps": TypeMembre.PROFESSIONNEL}
RECOURS = {**_index(Recours), "premier": Recours.PREMIER, "second": Recours.SECOND}


class ImportRefuse(ValidationError):
    """Le fichier est refusé : rien n'a été écrit ; `messages` numérote les lignes fautives."""


# Les limites d'un import (section « Limites » du README) : une liste de membres de CPTS compte au plus quelques
# milliers de lignes et une douzaine de colonnes ; au-delà, le fichier n'est pas une liste de membres.
TAILLE_MAX = 2 * 1024 * 1024
TAILLE_MAX_LIBELLE = "2 Mo"
LIGNES_MAX = 5000
LIGNES_MAX_LIBELLE = "5 000 membres"
COLONNES_MAX = 30
# Un XLSX est une archive : sa feuille décompressée reste bornée (une bombe de décompression est refusée).
XLSX_DECOMPRESSE_MAX = 50 * 1024 * 1024
SEPARATEURS = (";", ",", "\t")
NOMS_SEPARATEURS = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}


def _trop_de_lignes() -> ImportRefuse:
    return ImportRefuse(
        f"Fichier trop long : {LIGNES_MAX_LIBELLE} au plus par import ; découpez la liste en plusieurs fichiers."
    )


def _lignes_xlsx(contenu: bytes) -> list[list[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            decompresse = sum(entree.file_size for entree in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefuse("Fichier XLSX illisible : ce n'est pas un classeur Excel (.xlsx).") from None
    if decompresse > XLSX_DECOMPRESSE_MAX:
        raise ImportRefuse("Fichier XLSX refusé : son contenu décompressé est démesuré pour une liste de membres.")
    try:
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
        feuille = classeur.active
        # La dimension déclarée par le fichier (A1:XFD3000…) n'est pas crue : la lecture s'arrête aux bornes.
        lignes = []
        for ligne in feuille.iter_rows(max_row=LIGNES_MAX + 2, max_col=COLONNES_MAX + 1, values_only=True):
            lignes.append(list(ligne))
        classeur.close()
    except Exception as erreur:  # openpyxl lève des erreurs variées sur un fichier abîmé
        raise ImportRefuse(f"Fichier XLSX illisible : {erreur}.") from None
    while lignes and all(cellule in (None, "") for cellule in lignes[-1]):
        lignes.pop()
    if len(lignes) > LIGNES_MAX + 1:
        raise _trop_de_lignes()
    if lignes and any(cellule not in (None, "") for ligne in lignes for cellule in ligne[COLONNES_MAX:]):
        raise ImportRefuse(f"Fichier trop large : {COLONNES_MAX} colonnes au plus.")
    return lignes


def _separateur(entete: str) -> str | None:
    """Le séparateur des intitulés : un seul des trois, sinon le fichier est ambigu (None : une seule colonne)."""
    presents = [separateur for separateur in SEPARATEURS if separateur in entete]
    if len(presents) > 1:
        noms = " et ".join(NOMS_SEPARATEURS[s] for s in presents)
        raise ImportRefuse(
            f"Ligne 1 : séparateurs mélangés ({noms}) ; enregistrez le fichier en CSV avec un seul séparateur, "
            "le point-virgule."
        )
    return presents[0] if presents else None


def _lignes_csv(contenu: bytes) -> list[list[object]]:
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        texte = contenu.decode("cp1252", errors="replace")
    if "\x00" in texte:
        raise ImportRefuse("Fichier refusé : il contient un caractère nul (\\0) ; ce n'est pas un CSV de texte.")
    if not texte.strip():
        return []
    separateur = _separateur(texte.lstrip().splitlines()[0])
    try:
        lecteur = csv.reader(io.StringIO(texte), delimiter=separateur or ";", strict=True)
        lignes: list[list[object]] = []
        for ligne in lecteur:
            if len(lignes) > LIGNES_MAX:
                raise _trop_de_lignes()
            if len(ligne) > COLONNES_MAX:
                raise ImportRefuse(f"Ligne {lecteur.line_num} : {len(ligne)} colonnes, {COLONNES_MAX} au plus.")
            lignes.append(list(ligne))
    except csv.Error:
        raise ImportRefuse(
            f"Fichier CSV mal formé (ligne {lecteur.line_num}) : guillemets non refermés ou cellule démesurée."
        ) from None
    while lignes and all(_simplifier(cellule) == "" for cellule in lignes[-1]):
        lignes.pop()
    if len(lignes) > LIGNES_MAX + 1:
        raise _trop_de_lignes()
    return lignes


def lire_lignes(nom_fichier: str, contenu: bytes) -> list[list[object]]:
    """Les lignes du fichier, bornées en taille, en lignes et en colonnes ; un refus dit pourquoi, en français."""
    if len(contenu) > TAILLE_MAX:
        raise ImportRefuse(f"Fichier trop lourd : {TAILLE_MAX_LIBELLE} au plus pour une liste de membres.")
    if nom_fichier.lower().endswith(".xlsx"):
        return _lignes_xlsx(contenu)
    if nom_fichier.lower().endswith(".csv"):
        return _lignes_csv(contenu)
    raise ImportRefuse("Fichier : formats acceptés CSV (séparateur « ; ») ou XLSX.")


def _booleen(valeur: object, colonne: str, erreurs: list[str], numero: int) -> bool:
    texte = _simplifier(valeur)
    if texte in OUI:
        return True
    if texte in NON:
        return False
    erreurs.append(f"Ligne {numero}, {colonne} : « {valeur} » n'est ni oui ni non.")
    return False


def _membre(cpts: Cpts, valeurs: dict[str, object], numero: int, erreurs: list[str]) -> Membre | None:
    avant = len(erreurs)
    type_ = TYPES.get(_simplifier(valeurs.get("type")))
    if type_ is None:
        erreurs.append(f"Ligne {numero}, type : « {valeurs.get('type') or ''} » inconnu (professionnel ou structure).")
        return None
    membre = Membre(cpts=cpts, type=type_)
    membre.nom = str(valeurs.get("nom") or "").strip()
    membre.prenom = str(valeurs.get("prenom") or "").strip()
    membre.rpps = str(valeurs.get("rpps") or "").strip()
    membre.lieu_exercice = str(valeurs.get("lieu_exercice") or "").strip()
    membre.structure = str(valeurs.get("structure") or "").strip()
    if not membre.nom:
        erreurs.append(f"Ligne {numero}, nom : obligatoire.")
    if type_ == TypeMembre.PROFESSIONNEL:
        brute = valeurs.get("profession")
        membre.profession = PROFESSIONS.get(_simplifier(brute), "")
        if not membre.profession:
            erreurs.append(f"Ligne {numero}, profession : « {brute or ''} » n'est pas dans la liste des professions.")
        # Sans colonne « recours » (la liste de l'annexe 3 n'en a pas), un professionnel est de premier recours.
        recours = valeurs.get("recours")
        membre.recours = RECOURS.get(_simplifier(recours), "") if _simplifier(recours) else Recours.PREMIER
        if not membre.recours:
            erreurs.append(f"Ligne {numero}, recours : « {recours} » (premier ou second recours).")
    else:
        brute = valeurs.get("categorie")
        membre.categorie = CATEGORIES.get(_simplifier(brute), "")
        if not membre.categorie:
            erreurs.append(
                f"Ligne {numero}, catégorie : « {brute or ''} » n'est pas une catégorie de structure connue."
            )
    membre.gouvernance = _booleen(valeurs.get("gouvernance"), "gouvernance", erreurs, numero)
    membre.participation_incertaine = _booleen(
        valeurs.get("participation_incertaine"), "participation incertaine", erreurs, numero
    )
    adherent = valeurs.get("adherent")
    membre.adherent = (
        not membre.participation_incertaine
        if _simplifier(adherent) == ""
        else _booleen(adherent, "adhérent", erreurs, numero)
    )
    if len(erreurs) == avant:
        try:
            membre.full_clean(exclude=["cpts"], validate_unique=False, validate_constraints=False)
        except ValidationError as erreur:
            erreurs += [f"Ligne {numero} : {message}" for message in erreur.messages]
    return membre if len(erreurs) == avant else None


ERREURS_MONTREES = 50


def _controle(texte: str) -> bool:
    return any(unicodedata.category(caractere) == "Cc" for caractere in texte)


def _resume(erreurs: list[str]) -> list[str]:
    """Les premières erreurs : un fichier faux de bout en bout n'en affiche pas des milliers."""
    if len(erreurs) <= ERREURS_MONTREES:
        return erreurs
    return [*erreurs[:ERREURS_MONTREES], f"… et {len(erreurs) - ERREURS_MONTREES} autres erreurs."]


@transaction.atomic
def importer(cpts: Cpts, nom_fichier: str, contenu: bytes) -> list[Membre]:
    """Ajoute les membres du fichier à la CPTS ; au moindre défaut, rien n'est écrit et toutes les erreurs sont dites.

    Première ligne : les intitulés de colonnes (type, profession, catégorie, nom, prénom, RPPS, recours, lieu
    d'exercice, structure, gouvernance, adhérent, participation incertaine), dans n'importe quel ordre."""
    exiger_ouverte(cpts)
    lignes = lire_lignes(nom_fichier, contenu)
    if not lignes:
        raise ImportRefuse("Fichier vide : la première ligne porte les intitulés des colonnes.")
    entetes = [_simplifier(cellule) for cellule in lignes[0]]
    inconnues = [lignes[0][i] for i, entete in enumerate(entetes) if entete and entete not in COLONNES]
    erreurs = [f"Ligne 1 : colonne « {colonne} » inconnue." for colonne in inconnues]
    for requise in ("type", "nom"):
        if requise not in {COLONNES.get(entete) for entete in entetes}:
            erreurs.append(f"Ligne 1 : colonne « {requise} » manquante.")
    if erreurs:
        raise ImportRefuse(erreurs)
    membres: list[Membre] = []
    rpps_vus = set(cpts.membres.exclude(rpps="").values_list("rpps", flat=True))
    for numero, ligne in enumerate(lignes[1:], start=2):
        if all(_simplifier(cellule) == "" for cellule in ligne):
            continue
        if any(isinstance(cellule, str) and _controle(cellule) for cellule in ligne):
            erreurs.append(f"Ligne {numero} : une cellule contient un retour à la ligne ou un caractère de contrôle.")
            continue
        valeurs = {COLONNES[entete]: ligne[i] if i < len(ligne) else None for i, entete in enumerate(entetes) if entete}
        membre = _membre(cpts, valeurs, numero, erreurs)
        if membre is None:
            continue
        if membre.rpps and membre.rpps in rpps_vus:
            erreurs.append(f"Ligne {numero}, RPPS : {membre.rpps} est déjà celui d'un membre de la CPTS.")
            continue
        rpps_vus.add(membre.rpps)
        membres.append(membre)
    if erreurs:
        raise ImportRefuse(_resume(erreurs))
    if not membres:
        raise ImportRefuse("Fichier sans aucune ligne de membre après les intitulés.")
    for membre in membres:
        membre.save()
    return membres
