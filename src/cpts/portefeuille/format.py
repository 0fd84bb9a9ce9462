"""Le fichier du portefeuille : ses colonnes, une ligne par CPTS, et la forme écrite de chaque valeur.

Une ligne se lit en une `Fiche` (valeurs typées) et une fiche s'écrit en une ligne : l'export et l'import passent
par les mêmes fonctions, si bien qu'une fiche relue puis réécrite redonne exactement la même ligne. La description
pour les utilisateurs est dans docs/portefeuille.md.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from cpts.dossiers.enums import Etape, Instance

# Les étapes du parcours qu'une ligne peut porter, dans l'ordre où elles se franchissent : colonne → étape.
ETAPES = {
    "lettre_intention": Etape.LETTRE_INTENTION,
    "pre_projet_valide": Etape.PRE_PROJET_VALIDE,
    "projet_sante_depose": Etape.PROJET_SANTE_DEPOSE,
    "projet_sante_valide": Etape.PROJET_SANTE_VALIDE,
    "contrat_signe": Etape.CONTRAT_SIGNE,
    "abandon": Etape.ABANDONNE,
}

COLONNES = (
    "nom",
    "siret",
    "association",
    "departement",
    "autres_departements",
    "dynamique_depuis",
    "lettre_intention_le",
    "lettre_intention_instance",
    "pre_projet_valide_le",
    "pre_projet_valide_instance",
    "subvention_fir",
    "projet_sante_depose_le",
    "projet_sante_depose_instance",
    "projet_sante_valide_le",
    "projet_sante_valide_instance",
    "contrat_signe_le",
    "contrat_signe_instance",
    "abandon_le",
    "abandon_instance",
    "abandon_motif",
    "territoire_depuis",
    "communes",
    "epci",
    "contrat_signature",
    "contrat_taille",
    "contrat_population",
    "contrat_membres",
    "contrat_missions",
    # Le contrat que le contrat ci-dessus renouvelle, s'il y en a un : mêmes colonnes, même écriture.
    "contrat_precedent_signature",
    "contrat_precedent_taille",
    "contrat_precedent_population",
    "contrat_precedent_membres",
    "contrat_precedent_missions",
)
# Les deux contrats qu'une ligne peut porter, du plus ancien au dernier : préfixe de leurs colonnes.
CONTRAT, CONTRAT_PRECEDENT = "contrat", "contrat_precedent"
OBLIGATOIRES = ("nom", "departement", "dynamique_depuis")

# Bornes du fichier : une région suivie compte au plus quelques centaines de CPTS (1 269 projets dans toute la
# France au banc d'essai). Au-delà, le fichier est refusé avant d'être lu en entier : temps et mémoire bornés.
TAILLE_MAX_OCTETS = 5 * 1024 * 1024
LIGNES_MAX = 2_000
CELLULE_MAX_CARACTERES = 40_000

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


class ValeurInvalide(ValueError):
    """Une cellule illisible : le message dit ce qui est attendu (la colonne est ajoutée par l'appelant)."""


@dataclass(frozen=True)
class Decision:
    date: datetime.date
    instance: str


@dataclass(frozen=True)
class ContratFiche:
    signature: datetime.date
    taille: int
    population: int | None
    membres: int
    # (code de la mission, démarrage) dans l'ordre du texte.
    missions: tuple[tuple[str, datetime.date | None], ...]


@dataclass(frozen=True)
class Fiche:
    nom: str
    siret: str
    association: str
    departement: str
    autres_departements: tuple[str, ...]
    dynamique_depuis: datetime.date | None
    # colonne d'étape (clé de ETAPES) → décision, dans l'ordre du parcours.
    etapes: dict[str, Decision] = field(default_factory=dict)
    subvention_fir: Decimal | None = None
    abandon_motif: str = ""
    territoire_depuis: datetime.date | None = None
    communes: tuple[str, ...] = ()
    contrat: ContratFiche | None = None
    # Le contrat que `contrat` a renouvelé (les plus anciens restent dans la plateforme, voir docs/portefeuille.md).
    contrat_precedent: ContratFiche | None = None

    def contrats(self) -> list[tuple[str, ContratFiche]]:
        """(préfixe des colonnes, contrat), du plus ancien au dernier."""
        paires = ((CONTRAT_PRECEDENT, self.contrat_precedent), (CONTRAT, self.contrat))
        return [(prefixe, contrat) for prefixe, contrat in paires if contrat is not None]


# Écriture


def date_fr(valeur: datetime.date | None) -> str:
    return f"{valeur:%d/%m/%Y}" if valeur else ""


def montant_fr(valeur: Decimal | None) -> str:
    return f"{valeur:.2f}".replace(".", ",") if valeur is not None else ""


def entier(valeur: int | None) -> str:
    return "" if valeur is None else str(valeur)


def missions_fr(missions: tuple[tuple[str, datetime.date | None], ...]) -> str:
    return ", ".join(f"{code} {date_fr(debut)}".strip() for code, debut in missions)


def ligne(fiche: Fiche) -> dict[str, str]:
    """La ligne du fichier : une chaîne par colonne, vide quand la valeur manque."""
    valeurs = dict.fromkeys(COLONNES, "")
    valeurs.update(
        nom=fiche.nom,
        siret=fiche.siret,
        association=fiche.association,
        departement=fiche.departement,
        autres_departements=", ".join(fiche.autres_departements),
        dynamique_depuis=date_fr(fiche.dynamique_depuis),
        subvention_fir=montant_fr(fiche.subvention_fir),
        abandon_motif=fiche.abandon_motif,
        territoire_depuis=date_fr(fiche.territoire_depuis),
        communes=" ".join(fiche.communes),
    )
    for colonne, decision in fiche.etapes.items():
        valeurs[f"{colonne}_le"] = date_fr(decision.date)
        valeurs[f"{colonne}_instance"] = decision.instance
    for prefixe, contrat in fiche.contrats():
        valeurs.update(
            {
                f"{prefixe}_signature": date_fr(contrat.signature),
                f"{prefixe}_taille": entier(contrat.taille),
                f"{prefixe}_population": entier(contrat.population),
                f"{prefixe}_membres": entier(contrat.membres),
                f"{prefixe}_missions": missions_fr(contrat.missions),
            }
        )
    return valeurs


# Lecture d'une cellule (déjà débarrassée de ses espaces de bord)


def lire_date(texte: str) -> datetime.date | None:
    if not texte:
        return None
    for forme in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(texte, forme).date()
        except ValueError:
            continue
    raise ValeurInvalide(f"« {texte} » n'est pas une date JJ/MM/AAAA")


def lire_entier(texte: str, minimum: int = 0) -> int | None:
    if not texte:
        return None
    brut = texte.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if brut.endswith((",0", ".0")):
        brut = brut[:-2]
    if not brut.isdigit() or int(brut) < minimum:
        raise ValeurInvalide(f"« {texte} » n'est pas un nombre entier d'au moins {minimum}")
    return int(brut)


def lire_montant(texte: str) -> Decimal | None:
    if not texte:
        return None
    brut = texte.replace(" ", "").replace("\u202f", "").replace("\u00a0", "").replace("€", "").replace(",", ".")
    try:
        montant = Decimal(brut)
    except InvalidOperation:
        raise ValeurInvalide(f"« {texte} » n'est pas un montant en euros (par exemple 15000,00)") from None
    if not montant.is_finite() or montant < 0 or montant >= Decimal("1e10"):
        raise ValeurInvalide(f"« {texte} » n'est pas un montant positif en euros")
    return montant.quantize(Decimal("0.01"))


def lire_instance(texte: str) -> str:
    """Le code de l'instance (ars, ecd…) ou son libellé (« ARS et CPAM conjointement »)."""
    cle = texte.strip().lower()
    for code, libelle in Instance.choices:
        if cle in (code, libelle.lower()):
            return code
    raise ValeurInvalide(f"« {texte} » n'est pas une instance ({', '.join(Instance.values)})")


def lire_codes(texte: str) -> list[str]:
    """Des codes séparés par des espaces, des virgules ou des points-virgules, dans l'ordre, sans doublon."""
    morceaux = texte.replace(",", " ").replace(";", " ").split()
    return list(dict.fromkeys(morceaux))


def lire_missions(texte: str) -> list[tuple[str, datetime.date | None]]:
    """« acces 01/03/2020, parcours 01/09/2020, prevention » : une mission par virgule, sa date si elle est connue."""
    missions = []
    for morceau in filter(None, (partie.strip() for partie in texte.split(","))):
        code, _, debut = morceau.partition(" ")
        missions.append((code.strip().lower(), lire_date(debut.strip())))
    return missions
