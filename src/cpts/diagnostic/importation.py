"""Importer un fichier d'indicateurs : tout ou rien, dans une seule transaction, avec un rapport par ligne.

Chaque ligne crée, met à jour ou laisse inchangée une valeur (indicateur, année, niveau, lieu) ; l'indicateur est
déclaré à sa première ligne. Une ligne refusée, et rien n'est écrit ; l'essai fait le même travail puis annule la
transaction. Le format est décrit dans docs/indicateurs.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from cpts.diagnostic import comparaisons, recalcul
from cpts.diagnostic import format as fmt
from cpts.diagnostic.models import ImportIndicateurs, Indicateur, Niveau, Valeur
from cpts.diagnostic.perimetre import refus_du_lieu
from cpts.diagnostic.validation import lire_ligne
from cpts.dossiers.models import Cpts
from cpts.mise_a_jour import mettre_a_jour
from cpts.portefeuille.lecture import FichierRefuse, LigneLue, lire
from cpts.portefeuille.rapport import CREEE, INCHANGEE, MISE_A_JOUR, REFUSEE, Rapport
from cpts.territoires.models import Commune, Departement, Region

CHAMPS_VALEUR = ("valeur", "numerateur", "denominateur", "poids", "mediane_cpts", "minimum_cpts", "maximum_cpts")
# Les champs d'une déclaration qui ne changent plus une fois des valeurs enregistrées : elles en dépendent.
FIGES = ("nature", "unite")

__all__ = ["FichierRefuse", "Rapport", "importer"]


@dataclass
class LigneRapport:
    numero: int
    indicateur: str
    statut: str
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        texte = f"Ligne {self.numero} — {self.indicateur or '(sans code)'} : {self.statut}"
        return texte + (". " + " ".join(self.details) if self.details else ".")


@dataclass(frozen=True)
class Lieu:
    code: str
    departement: str | None = None
    region: str | None = None
    cpts: Cpts | None = None


class _Lieux:
    """Les lieux du fichier, lus en quelques requêtes."""

    def __init__(self, lignes: Iterable[fmt.LigneIndicateur]) -> None:
        codes: dict[str, set[str]] = {niveau: set() for niveau in Niveau.values}
        for ligne in lignes:
            codes[ligne.niveau].add(ligne.code)
        self.communes = {
            code: (departement, region)
            for code, departement, region in Commune.objects.filter(code__in=codes[Niveau.COMMUNE]).values_list(
                "code", "departement_id", "region_id"
            )
        }
        self.departements = dict(Departement.objects.values_list("code", "region_id"))
        self.regions = set(Region.objects.values_list("code", flat=True))
        numeros = [int(c) for c in codes[Niveau.CPTS] if c.isdigit() and len(c) < 14]
        sirets = [c for c in codes[Niveau.CPTS] if c.isdigit() and len(c) == 14]
        self.cpts = {str(c.pk): c for c in Cpts.objects.filter(pk__in=numeros)}
        self.cpts.update({c.siret: c for c in Cpts.objects.filter(siret__in=sirets)})

    def trouver(self, niveau: str, code: str) -> Lieu | None:
        if niveau == Niveau.COMMUNE:
            if code not in self.communes:
                return None
            departement, region = self.communes[code]
            return Lieu(code, departement, region)
        if niveau == Niveau.DEPARTEMENT:
            return Lieu(code, code, self.departements[code]) if code in self.departements else None
        if niveau == Niveau.REGION:
            return Lieu(code, None, code) if code in self.regions else None
        if niveau == Niveau.FRANCE:
            return Lieu("FR") if code == "FR" else None
        cpts = self.cpts.get(code)
        return Lieu(str(cpts.pk), cpts.departement, cpts.region, cpts) if cpts else None


INTROUVABLE = {
    Niveau.COMMUNE: "code INSEE de commune inconnu du référentiel.",
    Niveau.DEPARTEMENT: "code de département inconnu.",
    Niveau.REGION: "code de région inconnu.",
    Niveau.FRANCE: "la France s'écrit FR.",
    Niveau.CPTS: "aucune CPTS n'a ce numéro ou ce SIRET.",
}


def _declarations(a_ecrire: Iterable[tuple[fmt.LigneIndicateur, Lieu, Any]]) -> dict[str, dict[str, str]]:
    """La déclaration de chaque indicateur du fichier : celle de ses lignes (identiques, contrôlé), ses objectifs
    pris de la ligne qui les donne. Un objectif que le fichier ne donne pas garde sa valeur enregistrée ; « aucun »
    l'efface."""
    declarations: dict[str, dict[str, str]] = {}
    for ligne, _, _ in a_ecrire:
        declaration = declarations.setdefault(
            ligne.indicateur, {c: t for c, t in ligne.declaration.items() if c not in fmt.OBJECTIFS}
        )
        for colonne in fmt.OBJECTIFS:
            texte = ligne.declaration[colonne]
            if texte:
                declaration[colonne] = "" if texte.lower() == fmt.SANS_OBJECTIF else texte
    return declarations


def _cellules(ligne: fmt.LigneIndicateur) -> dict[str, Decimal | None]:
    return {champ: getattr(ligne, champ) for champ in CHAMPS_VALEUR}


def _egales(valeur: Valeur, cellules: dict[str, Decimal | None]) -> bool:
    return all(
        (getattr(valeur, champ) is None and nombre is None)
        or (getattr(valeur, champ) is not None and nombre is not None and getattr(valeur, champ) == nombre)
        for champ, nombre in cellules.items()
    )


def _arrondir(cellules: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
    quantum = Decimal("0.000001")
    return {champ: None if nombre is None else nombre.quantize(quantum) for champ, nombre in cellules.items()}


def importer(nom_fichier: str, contenu: bytes, auteur: Any, *, essai: bool = False) -> Rapport[LigneRapport]:
    """Lève `FichierRefuse` pour un fichier illisible ; sinon rend le rapport, ligne par ligne."""
    lues: list[LigneLue] = list(
        lire(
            nom_fichier,
            contenu,
            colonnes=fmt.COLONNES,
            obligatoires=fmt.OBLIGATOIRES,
            taille_max=fmt.TAILLE_MAX_OCTETS,
            lignes_max=fmt.LIGNES_MAX,
            trop_long="Découpez-le par indicateur ou par département.",
        )
    )
    rapport = Rapport(nom_fichier, essai)
    typees = [(ligne, *lire_ligne(ligne)) for ligne in lues]
    lieux = _Lieux(ligne for _, ligne, _ in typees if ligne is not None)
    codes = {ligne.indicateur for _, ligne, _ in typees if ligne is not None}
    with transaction.atomic():
        existants = {i.code: i for i in Indicateur.objects.select_for_update().filter(code__in=codes)}
        avant = {code: {c: getattr(i, c) for c in fmt.DECLARATION} for code, i in existants.items()}
        # Les valeurs calculées des communes ne comptent pas : une valeur publiée pour la même zone est « créée ».
        valeurs = {
            (v.indicateur.code, v.annee, v.niveau, v.code): v
            for v in Valeur.objects.filter(indicateur__code__in=codes, calculee=False).select_related("indicateur")
        }
        premiere: dict[str, dict[str, tuple[int, str]]] = {}
        vues: dict[tuple[str, int, str, str], int] = {}
        a_ecrire: list[tuple[fmt.LigneIndicateur, Lieu, dict[str, Decimal | None]]] = []
        for lue, ligne, erreurs in typees:
            code = lue.valeurs.get("indicateur", "")
            if ligne is None:
                details = [f"{colonne} : {message}" for colonne, message in erreurs]
                rapport.lignes.append(LigneRapport(lue.numero, code, REFUSEE, details))
                continue
            refus = _controler(ligne, lue.numero, lieux, premiere, vues, avant, auteur)
            if refus:
                rapport.lignes.append(LigneRapport(lue.numero, code, REFUSEE, refus))
                continue
            lieu = lieux.trouver(ligne.niveau, ligne.code)
            assert lieu is not None  # contrôlé ci-dessus
            cellules = _arrondir(_cellules(ligne))
            existante = valeurs.get((ligne.indicateur, ligne.annee, ligne.niveau, lieu.code))
            statut = CREEE if existante is None else INCHANGEE if _egales(existante, cellules) else MISE_A_JOUR
            rapport.lignes.append(LigneRapport(lue.numero, code, statut))
            a_ecrire.append((ligne, lieu, cellules))
        if rapport.ecrit:
            touches = {(ligne.indicateur, ligne.annee) for ligne, _, _ in a_ecrire}
            comparaisons.effacer(touches)
            _ecrire(a_ecrire, existants, valeurs)
            ImportIndicateurs.objects.create(fichier=nom_fichier[:255], auteur=auteur, valeurs=len(a_ecrire))
            recalcul.recalculer(touches)
        else:
            transaction.set_rollback(True)
    return rapport


def _controler(
    ligne: fmt.LigneIndicateur,
    numero: int,
    lieux: _Lieux,
    premiere: dict[str, dict[str, tuple[int, str]]],
    vues: dict[tuple[str, int, str, str], int],
    avant: dict[str, dict[str, str]],
    auteur: Any,
) -> list[str]:
    """Les refus de la ligne qui demandent la base ou les autres lignes (lieu, droits, déclaration, doublon)."""
    refus = []
    lieu = lieux.trouver(ligne.niveau, ligne.code)
    if lieu is None:
        return [f"code : {INTROUVABLE[Niveau(ligne.niveau)]}"]
    raison = refus_du_lieu(auteur, ligne.niveau, lieu.departement, lieu.region, lieu.cpts)
    if raison:
        refus.append(f"code : {raison}")
    # Chaque colonne de la déclaration, telle que la première ligne qui la donne l'écrit ; un objectif laissé vide
    # sur une ligne ne contredit rien (il se donne une fois par indicateur).
    vue = premiere.setdefault(ligne.indicateur, {})
    for colonne in fmt.DECLARATION:
        texte = ligne.declaration[colonne]
        if colonne in fmt.OBJECTIFS and not texte:
            continue
        if colonne not in vue:
            vue[colonne] = (numero, texte)
        elif vue[colonne][1] != texte:
            refus.append(f"{colonne} : différent de la ligne {vue[colonne][0]} pour le même indicateur.")
            break
    enregistree = avant.get(ligne.indicateur)
    if enregistree:
        for colonne in FIGES:
            if enregistree[colonne] != ligne.declaration[colonne]:
                refus.append(
                    f"{colonne} : l'indicateur est enregistré avec « {enregistree[colonne]} » ; ses valeurs en "
                    "dépendent, elle ne change pas."
                )
    cle = (ligne.indicateur, ligne.annee, ligne.niveau, lieu.code)
    if cle in vues:
        refus.append(f"code : même valeur que la ligne {vues[cle]} (indicateur, année, niveau, lieu).")
    else:
        vues[cle] = numero
    return refus


def _ecrire(
    a_ecrire: list[tuple[fmt.LigneIndicateur, Lieu, dict[str, Decimal | None]]],
    existants: dict[str, Indicateur],
    valeurs: dict[tuple[str, int, str, str], Valeur],
) -> None:
    for code, declaration in _declarations(a_ecrire).items():
        indicateur = existants.get(code)
        if indicateur is None:
            indicateur = existants[code] = Indicateur(code=code, ordre=len(existants))
        if indicateur.pk is None or any(getattr(indicateur, c) != t for c, t in declaration.items()):
            for colonne, texte in declaration.items():
                setattr(indicateur, colonne, texte)
            indicateur.save()
    nouvelles, changees = [], []
    for ligne, lieu, cellules in a_ecrire:
        existante = valeurs.get((ligne.indicateur, ligne.annee, ligne.niveau, lieu.code))
        if existante is None:
            nouvelles.append(
                Valeur(
                    indicateur=existants[ligne.indicateur],
                    annee=ligne.annee,
                    niveau=ligne.niveau,
                    code=lieu.code,
                    **cellules,
                )
            )
        elif not _egales(existante, cellules):
            for champ, nombre in cellules.items():
                setattr(existante, champ, nombre)
            changees.append(existante)
    Valeur.objects.bulk_create(nouvelles, batch_size=1000)
    mettre_a_jour(changees, CHAMPS_VALEUR)
