"""Le fichier des indicateurs : ses colonnes, ses bornes, la lecture de chaque cellule (docs/indicateurs.md).

Une ligne = une valeur d'un indicateur, une année, à un niveau ; la déclaration de l'indicateur (libellé, thème,
unité, nature, source) est répétée sur chacune de ses lignes et doit y être identique. Les objectifs sont ceux de
l'indicateur, comme la source les donne (les objectifs de la ROSP ne changent pas d'une année à l'autre) : une ligne
au moins les porte, les autres les répètent ou les laissent vides.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cpts.regles.diagnostic import Nature

COLONNES = (
    "indicateur",
    "libelle",
    "theme",
    "unite",
    "nature",
    "annee",
    "source",
    "niveau",
    "code",
    "valeur",
    "numerateur",
    "denominateur",
    "poids",
    "objectif_intermediaire",
    "objectif_cible",
    "mediane_cpts",
    "minimum_cpts",
    "maximum_cpts",
)
OBLIGATOIRES = ("indicateur", "libelle", "theme", "nature", "annee", "source", "niveau", "code")
OBJECTIFS = ("objectif_intermediaire", "objectif_cible")
DECLARATION = ("libelle", "theme", "unite", "nature", "source", *OBJECTIFS)
# Écrit dans une colonne d'objectif, efface l'objectif enregistré (une cellule vide le garde).
SANS_OBJECTIF = "aucun"

# Un département entier, commune par commune, pour une cinquantaine d'indicateurs : au plus 100 000 lignes. Le
# fichier reste sous la limite des envois de la plateforme (12 Mo avec fichiers).
TAILLE_MAX_OCTETS = 10 * 1024 * 1024
LIGNES_MAX = 100_000
ANNEE_MIN, ANNEE_MAX = 2000, 2100
NOMBRE_MAX = Decimal("1e13")
CODE_INDICATEUR = re.compile(r"^[a-z0-9_]{1,60}$")
LONGUEURS = {"libelle": 300, "theme": 120, "unite": 40, "source": 300, "objectif_intermediaire": 40}
LONGUEURS["objectif_cible"] = 40
# Écart permis entre le taux publié et celui qui se recalcule de son numérateur et de son dénominateur : l'arrondi
# de la publication au dixième de point.
TOLERANCE_TAUX = Decimal("0.051")


class ValeurInvalide(ValueError):
    """Une cellule illisible : le message dit ce qui est attendu."""


def lire_nombre(texte: str) -> Decimal | None:
    """« 4 100 », « 30,6 », « 30,6 % » ; vide : None."""
    brut = texte.replace(" ", "").replace("\u202f", "").replace("\u00a0", "").replace(",", ".").removesuffix("%")
    if not brut:
        return None
    try:
        nombre = Decimal(brut)
    except InvalidOperation:
        raise ValeurInvalide(f"« {texte} » n'est pas un nombre (exemples : 4 100 ; 30,6)") from None
    if not nombre.is_finite() or abs(nombre) >= NOMBRE_MAX:
        raise ValeurInvalide(f"« {texte} » n'est pas un nombre permis")
    return nombre


@dataclass(frozen=True)
class LigneIndicateur:
    """Une ligne lue et typée, avant tout contrôle en base."""

    indicateur: str
    declaration: dict[str, str]
    nature: Nature
    annee: int
    niveau: str
    code: str
    valeur: Decimal | None
    numerateur: Decimal | None
    denominateur: Decimal | None
    poids: Decimal | None
    mediane_cpts: Decimal | None
    minimum_cpts: Decimal | None
    maximum_cpts: Decimal | None

    @property
    def cle(self) -> tuple[str, int, str, str]:
        return (self.indicateur, self.annee, self.niveau, self.code)
