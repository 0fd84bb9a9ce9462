"""Lire un fichier des écritures comptables (FEC, article A. 47 A-1 du livre des procédures fiscales) et en tirer
les comptes annuels d'un exercice, par la correspondance du plan comptable des associations vers le plan normalisé.

Ce qui est accepté, et pourquoi :
- 18 colonnes, dans l'ordre de la norme (JournalCode … Idevise), séparées par une tabulation ou « | », la
  première ligne portant leurs noms ; dates AAAAMMJJ ; montants à virgule (ou à point) ;
- encodage UTF-8 ou ISO-8859-15, les deux jeux que les logiciels comptables produisent ; un fichier UTF-16, ou
  un caractère de contrôle (signe d'un fichier Windows-1252 lu de travers : « ’ », « € »), est refusé ;
- chaque écriture (journal et numéro) équilibrée, chaque date dans l'exercice ;
- au plus `LIGNES_MAX` lignes et `TAILLE_MAX_OCTETS` octets : les comptes d'une CPTS tiennent en quelques milliers
  de lignes, un fichier plus gros n'est pas celui d'un exercice de CPTS.
Tout ou rien : une seule erreur et rien n'est retenu ; le rapport nomme la ligne et le champ de chaque erreur.

La mission d'une charge ou d'un produit ACI se lit dans le libellé de l'écriture, marquée « #parcours »,
« #acces »… ; sans marque, la ligne va au fonctionnement (le rapport les compte). Les réserves reportées à
l'ouverture sont le solde créditeur des comptes 106, 11 et 12 dans les journaux d'à-nouveaux (AN, RAN, ANO).
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from cpts.regles.comptabilite.plan import FONCTIONNEMENT, PAR_CODE, ZERO, Ligne, Sens

COLONNES = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
TAILLE_MAX_OCTETS = 5 * 1024 * 1024
LIGNES_MAX = 50_000
ERREURS_MAX = 50  # au-delà, le rapport s'arrête : la cause est la même
JOURNAUX_A_NOUVEAUX = frozenset({"AN", "RAN", "ANO"})
COMPTES_RESERVES = ("106", "11", "12")
MARQUE_MISSION = re.compile(r"#([a-z_]+)")
_CONTROLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class FecRefuse(ValueError):
    """Le fichier est refusé ; `erreurs` : une phrase par erreur, nommant la ligne et le champ."""

    def __init__(self, erreurs: list[str]) -> None:
        super().__init__(erreurs[0] if erreurs else "Fichier refusé.")
        self.erreurs = erreurs


@dataclass(frozen=True, slots=True)
class Import:
    lignes: tuple[Ligne, ...]
    reserves_ouverture: Decimal
    ecritures: int
    lignes_lues: int
    rapport: tuple[str, ...]


def correspondance(compte: str, prefixes: Mapping[str, str]) -> str | None:
    """Le poste du plan normalisé d'un compte : le préfixe le plus long l'emporte ; None sans correspondance."""
    for longueur in range(len(compte), 0, -1):
        poste = prefixes.get(compte[:longueur])
        if poste is not None:
            return poste
    return None


def _texte(contenu: bytes) -> str:
    if len(contenu) > TAILLE_MAX_OCTETS:
        limite = TAILLE_MAX_OCTETS // (1024 * 1024)
        raise FecRefuse([f"Fichier trop volumineux : {len(contenu) // 1024} Kio pour {limite} Mio au plus."])
    if b"\x00" in contenu:
        raise FecRefuse(["Encodage refusé : le fichier semble en UTF-16 ou binaire ; UTF-8 ou ISO-8859-15 attendu."])
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        texte = contenu.decode("iso-8859-15")
    for numero, ligne in enumerate(texte.splitlines(), 1):
        if trouve := _CONTROLES.search(ligne):
            raise FecRefuse(
                [
                    f"Ligne {numero} : encodage refusé, caractère 0x{ord(trouve.group()):02X} illisible "
                    "(fichier Windows-1252 ?) ; UTF-8 ou ISO-8859-15 attendu."
                ]
            )
    return texte


def _separateur(entete: str) -> str:
    return "\t" if entete.count("\t") >= entete.count("|") else "|"


def _entete(champs: list[str]) -> None:
    if len(champs) != len(COLONNES):
        raise FecRefuse([f"Ligne 1 : {len(COLONNES)} colonnes attendues (JournalCode … Idevise), {len(champs)} lues."])
    for rang, (lu, attendu) in enumerate(zip(champs, COLONNES, strict=True), 1):
        if lu.strip().lower() != attendu.lower():
            raise FecRefuse([f"Ligne 1, colonne {rang} : « {attendu} » attendue, « {lu.strip()} » lue."])


def _date(brut: str, numero: int, champ: str) -> date:
    texte = brut.strip()
    try:
        if len(texte) != 8 or not texte.isdigit():
            raise ValueError
        return date(int(texte[:4]), int(texte[4:6]), int(texte[6:]))
    except ValueError:
        raise ValueError(f"Ligne {numero}, {champ} : date AAAAMMJJ attendue, « {texte} » lu.") from None


def _montant(brut: str, numero: int, champ: str) -> Decimal:
    texte = brut.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".") or "0"
    try:
        valeur = Decimal(texte)
    except InvalidOperation:
        raise ValueError(f"Ligne {numero}, {champ} : montant illisible « {brut.strip()} ».") from None
    if not valeur.is_finite() or valeur < 0:
        raise ValueError(f"Ligne {numero}, {champ} : montant positif attendu, « {brut.strip()} » lu.")
    if valeur != valeur.quantize(Decimal("0.01")):
        raise ValueError(f"Ligne {numero}, {champ} : deux décimales au plus, « {brut.strip()} » lu.")
    return valeur


@dataclass(frozen=True, slots=True)
class _Ecriture:
    numero: int
    journal: str
    piece: str
    compte: str
    libelle: str
    debit: Decimal
    credit: Decimal


def _ecritures(texte: str, annee: int, erreurs: list[str]) -> list[_Ecriture]:
    lignes = texte.splitlines()
    if not lignes or not lignes[0].strip():
        raise FecRefuse(["Fichier vide : la première ligne porte les noms des 18 colonnes."])
    if len(lignes) - 1 > LIGNES_MAX:
        raise FecRefuse([f"Fichier trop long : {len(lignes) - 1} lignes d'écritures pour {LIGNES_MAX} au plus."])
    separateur = _separateur(lignes[0])
    _entete(lignes[0].split(separateur))
    lues = []
    for numero, brute in enumerate(lignes[1:], 2):
        if not brute.strip():
            continue
        champs = brute.split(separateur)
        if len(champs) != len(COLONNES):
            erreurs.append(f"Ligne {numero} : {len(COLONNES)} champs attendus, {len(champs)} lus.")
            continue
        valeurs = dict(zip(COLONNES, champs, strict=True))
        try:
            jour = _date(valeurs["EcritureDate"], numero, "EcritureDate")
            debit = _montant(valeurs["Debit"], numero, "Debit")
            credit = _montant(valeurs["Credit"], numero, "Credit")
        except ValueError as erreur:
            erreurs.append(str(erreur))
            continue
        if jour.year != annee:
            erreurs.append(
                f"Ligne {numero}, EcritureDate : écriture du {jour:%d/%m/%Y}, hors de l'exercice {annee} "
                f"(01/01/{annee} au 31/12/{annee})."
            )
        compte = valeurs["CompteNum"].strip()
        if not compte.isdigit():
            erreurs.append(f"Ligne {numero}, CompteNum : numéro de compte attendu, « {compte} » lu.")
        if not valeurs["EcritureNum"].strip() or not valeurs["JournalCode"].strip():
            erreurs.append(f"Ligne {numero}, EcritureNum : le journal et le numéro de l'écriture sont obligatoires.")
        lues.append(
            _Ecriture(
                numero,
                valeurs["JournalCode"].strip(),
                valeurs["EcritureNum"].strip(),
                compte,
                valeurs["EcritureLib"].strip(),
                debit,
                credit,
            )
        )
    return lues


def _equilibre(ecritures: Iterable[_Ecriture], erreurs: list[str]) -> int:
    groupes: dict[tuple[str, str], list[_Ecriture]] = defaultdict(list)
    for ecriture in ecritures:
        groupes[(ecriture.journal, ecriture.piece)].append(ecriture)
    for (journal, piece), lignes in groupes.items():
        debit = sum((e.debit for e in lignes), ZERO)
        credit = sum((e.credit for e in lignes), ZERO)
        if debit != credit:
            numeros = ", ".join(str(e.numero) for e in lignes)
            erreurs.append(
                f"Écriture {piece} du journal {journal} (lignes {numeros}) non équilibrée : débit {debit}, "
                f"crédit {credit}."
            )
    return len(groupes)


def _mission(libelle: str, missions: frozenset[str]) -> str | None:
    marques: list[str] = MARQUE_MISSION.findall(libelle.lower())
    return next((marque for marque in marques if marque in missions), None)


def lire(contenu: bytes, annee: int, prefixes: Mapping[str, str], missions: Iterable[str]) -> Import:
    """Les comptes de l'exercice `annee` tirés du FEC ; `FecRefuse` avec toutes les erreurs (tout ou rien)."""
    connues = frozenset(missions)
    erreurs: list[str] = []
    ecritures = _ecritures(_texte(contenu), annee, erreurs)
    nombre = _equilibre(ecritures, erreurs)
    montants: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    reserves = ZERO
    bilan = hors_resultat = sans_mission = 0
    for e in ecritures:
        classe = e.compte[:1]
        if classe in "12345":
            bilan += 1
            if e.journal.upper() in JOURNAUX_A_NOUVEAUX and e.compte.startswith(COMPTES_RESERVES):
                reserves += e.credit - e.debit
            continue
        if classe not in "67":
            hors_resultat += 1
            continue
        poste_code = correspondance(e.compte, prefixes)
        if poste_code is None:
            erreurs.append(
                f"Ligne {e.numero}, CompteNum : le compte {e.compte} n'a pas de correspondance dans le plan des "
                "comptes annuels ; ajoutez-la dans la correspondance des comptes."
            )
            continue
        poste = PAR_CODE[poste_code]
        if (poste.sens == Sens.CHARGE) != (classe == "6"):
            erreurs.append(
                f"Ligne {e.numero}, CompteNum : le compte {e.compte} (classe {classe}) est rattaché au poste "
                f"« {poste.libelle} », qui est un {poste.sens.value} ; corrigez la correspondance."
            )
            continue
        mission = FONCTIONNEMENT
        if poste.par_mission:
            marquee = _mission(e.libelle, connues)
            if marquee is None:
                sans_mission += 1
            mission = marquee or FONCTIONNEMENT
        signe = e.debit - e.credit if classe == "6" else e.credit - e.debit
        montants[(poste_code, mission)] += signe
    lignes = []
    for (poste_code, mission), montant in sorted(montants.items()):
        if montant < 0:
            erreurs.append(
                f"{PAR_CODE[poste_code].libelle} ({mission}) : solde négatif de {montant} sur l'exercice ; un "
                "poste des comptes annuels ne peut pas être négatif."
            )
        lignes.append(Ligne(poste_code, mission, montant))
    if erreurs:
        reste = len(erreurs) - ERREURS_MAX
        raise FecRefuse(erreurs[:ERREURS_MAX] + ([f"… et {reste} autres erreurs."] if reste > 0 else []))
    rapport = [f"{len(ecritures)} lignes lues, {nombre} écritures équilibrées."]
    if bilan:
        rapport.append(f"{bilan} lignes de comptes de bilan (classes 1 à 5) non reprises, hors réserves à l'ouverture.")
    if hors_resultat:
        rapport.append(f"{hors_resultat} lignes de classe 8 (contributions volontaires en nature) non reprises.")
    if sans_mission:
        rapport.append(f"{sans_mission} lignes sans marque de mission (#parcours…) : imputées au fonctionnement.")
    return Import(tuple(lignes), reserves, nombre, len(ecritures), tuple(rapport))
