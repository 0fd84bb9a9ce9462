"""Lire une ligne du fichier des indicateurs en valeurs typées, ou dire en français ce qui ne va pas.

Rien n'y touche la base : les codes (commune, CPTS…) et les droits sont contrôlés par l'import."""

from decimal import Decimal

from cpts.diagnostic.format import (
    ANNEE_MAX,
    ANNEE_MIN,
    CODE_INDICATEUR,
    DECLARATION,
    LONGUEURS,
    TOLERANCE_TAUX,
    LigneIndicateur,
    ValeurInvalide,
    lire_nombre,
)
from cpts.diagnostic.models import Niveau
from cpts.portefeuille.format import DEBUTS_DE_FORMULE
from cpts.portefeuille.lecture import LigneLue
from cpts.regles.diagnostic import Nature

CENT = Decimal(100)


def _nombres(valeurs: dict[str, str], erreurs: list[tuple[str, str]]) -> dict[str, Decimal | None]:
    lus: dict[str, Decimal | None] = {}
    for colonne in ("valeur", "numerateur", "denominateur", "poids", "mediane_cpts", "minimum_cpts", "maximum_cpts"):
        try:
            lus[colonne] = lire_nombre(valeurs.get(colonne, ""))
        except ValeurInvalide as erreur:
            erreurs.append((colonne, f"{erreur}."))
            lus[colonne] = None
    for colonne in ("numerateur", "denominateur", "poids"):
        nombre = lus[colonne]
        if nombre is not None and nombre < 0:
            erreurs.append((colonne, "un compte de personnes n'est jamais négatif."))
    return lus


def _selon_la_nature(nature: Nature, n: dict[str, Decimal | None], erreurs: list[tuple[str, str]]) -> None:
    """Les colonnes que chaque nature demande ou refuse ; un taux passe de pourcents en fraction. Un département
    peut ne porter que la répartition de ses CPTS (médiane, minimum, maximum), sans valeur propre."""
    valeur, numerateur, denominateur = n["valeur"], n["numerateur"], n["denominateur"]
    repartition_seule = valeur is None and numerateur is None and n["mediane_cpts"] is not None
    if nature != Nature.TAUX and (numerateur is not None or denominateur is not None):
        erreurs.append(("numerateur", "seul un taux a un numérateur et un dénominateur."))
    if nature == Nature.EFFECTIF:
        if (valeur is None and not repartition_seule) or (valeur is not None and valeur < 0):
            erreurs.append(("valeur", "un effectif demande un nombre positif ou nul."))
        if n["poids"] is not None:
            erreurs.append(("poids", "un effectif n'a pas de poids : sa valeur est déjà un nombre de personnes."))
    elif nature == Nature.TAUX:
        if (numerateur is None) != (denominateur is None):
            erreurs.append(("denominateur", "un taux donne son numérateur et son dénominateur ensemble, ou aucun."))
            return
        if numerateur is not None and denominateur is not None:
            if numerateur > denominateur:
                erreurs.append(("numerateur", "le numérateur d'un taux dépasse son dénominateur."))
                return
            recalcule = numerateur / denominateur * CENT if denominateur else None
            if valeur is not None and recalcule is not None and abs(valeur - recalcule) > TOLERANCE_TAUX:
                erreurs.append(
                    (
                        "valeur",
                        f"{valeur} % ne correspond pas au numérateur sur le dénominateur "
                        f"({recalcule.quantize(Decimal('0.1'))} %).",
                    )
                )
                return
            n["valeur"] = recalcule / CENT if recalcule is not None else None
        elif valeur is None:
            if not repartition_seule:
                erreurs.append(("valeur", "un taux demande sa valeur en % ou son numérateur et son dénominateur."))
        else:
            n["valeur"] = valeur / CENT
        if valeur is not None and not 0 <= valeur <= CENT:
            erreurs.append(("valeur", "un taux s'écrit en pourcents, entre 0 et 100."))
        for colonne in ("mediane_cpts", "minimum_cpts", "maximum_cpts"):
            if n[colonne] is not None:
                n[colonne] = n[colonne] / CENT  # type: ignore[operator]
    elif valeur is None and not repartition_seule:
        erreurs.append(("valeur", f"une {nature.value} demande sa valeur."))


def lire_ligne(ligne: LigneLue) -> tuple[LigneIndicateur | None, list[tuple[str, str]]]:
    valeurs = ligne.valeurs
    erreurs: list[tuple[str, str]] = []
    for colonne, texte in valeurs.items():
        numerique = colonne in ("valeur", "mediane_cpts", "minimum_cpts", "maximum_cpts")
        if texte.startswith(DEBUTS_DE_FORMULE) and not (texte[:1] == "-" and numerique):
            erreurs.append((colonne, f"« {texte[:20]} » ressemble à une formule de tableur : elle n'est pas lue."))
    code_indicateur = valeurs.get("indicateur", "")
    if not CODE_INDICATEUR.match(code_indicateur):
        erreurs.append(("indicateur", "code attendu en minuscules, chiffres et « _ » (60 caractères au plus)."))
    for colonne in ("libelle", "theme", "source"):
        if not valeurs.get(colonne):
            erreurs.append((colonne, "obligatoire."))
    for colonne, longueur in LONGUEURS.items():
        if len(valeurs.get(colonne, "")) > longueur:
            erreurs.append((colonne, f"{longueur} caractères au plus."))
    try:
        nature = Nature(valeurs.get("nature", "").lower())
    except ValueError:
        erreurs.append(("nature", "effectif, taux, moyenne ou mediane."))
        nature = None
    niveau = valeurs.get("niveau", "").lower()
    if niveau not in Niveau.values:
        erreurs.append(("niveau", "commune, cpts, departement, region ou france."))
    annee_texte = valeurs.get("annee", "")
    annee = int(annee_texte) if annee_texte.isdigit() else 0
    if not ANNEE_MIN <= annee <= ANNEE_MAX:
        erreurs.append(("annee", f"une année entre {ANNEE_MIN} et {ANNEE_MAX}."))
    code = valeurs.get("code", "").upper()
    if not code:
        erreurs.append(("code", "obligatoire : code INSEE, numéro ou SIRET de la CPTS, ou FR pour la France."))
    nombres = _nombres(valeurs, erreurs)
    if nature is not None:
        _selon_la_nature(nature, nombres, erreurs)
    repartition = [nombres[c] for c in ("mediane_cpts", "minimum_cpts", "maximum_cpts")]
    if any(n is not None for n in repartition) and not all(n is not None for n in repartition):
        erreurs.append(("mediane_cpts", "la médiane, le minimum et le maximum des CPTS se donnent ensemble."))
    if niveau != Niveau.DEPARTEMENT and any(
        nombres[c] is not None for c in ("mediane_cpts", "minimum_cpts", "maximum_cpts")
    ):
        erreurs.append(("mediane_cpts", "la médiane, le minimum et le maximum des CPTS accompagnent un département."))
    if erreurs or nature is None:
        return None, erreurs
    declaration = {colonne: valeurs.get(colonne, "") for colonne in DECLARATION}
    declaration["nature"] = nature.value
    return (
        LigneIndicateur(
            indicateur=code_indicateur,
            declaration=declaration,
            nature=nature,
            annee=annee,
            niveau=niveau,
            code=code,
            valeur=nombres["valeur"],
            numerateur=nombres["numerateur"],
            denominateur=nombres["denominateur"],
            poids=nombres["poids"],
            mediane_cpts=nombres["mediane_cpts"],
            minimum_cpts=nombres["minimum_cpts"],
            maximum_cpts=nombres["maximum_cpts"],
        ),
        [],
    )
