"""Lire un fichier de paramètres YAML : la forme commune à tous nos paramètres, celle d'OpenFisca.

Un paramètre a des valeurs datées (`valeurs: {AAAA-MM-JJ: {valeur: …, references: […]}}`), dates
croissantes ; chaque valeur cite au moins une référence (titre, et au besoin la clé `source` de la bibliographie
`docs/sources.md`, section, lien public) ;
`null` met fin à une valeur. Les textes de l'ACI (`parametres.py`), la commission paritaire
(`commission/`) et les paramètres régionaux des dossiers y ajoutent chacun leurs champs, en étendant
`Lecteur`. Tout écart arrête la lecture avec un message qui nomme le fichier et la clé.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import yaml

from cpts.regles.erreurs import ParametresInvalides

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Reference:
    titre: str
    document: str | None = None
    section: str | None = None
    lien: str | None = None
    source: str | None = None
    """La clé de l'entrée de la bibliographie (`docs/sources.md`) : « ars-aura-guide »."""


@dataclass(frozen=True, slots=True)
class Valeur(Generic[T]):
    depuis: date
    valeur: T | None  # None : le texte met fin au paramètre à cette date
    references: tuple[Reference, ...]


def en_vigueur(valeurs: Iterable[Valeur[T]], le: date) -> Valeur[T] | None:
    """La valeur en vigueur le jour dit, ou None : avant la première date, ou après une fin (`null`)."""
    retenue = None
    for valeur in valeurs:
        if valeur.depuis <= le:
            retenue = valeur
    return None if retenue is None or retenue.valeur is None else retenue


class _ChargeurStrict(yaml.SafeLoader):
    """YAML sûr, sans clé en double (une date répétée cacherait un chevauchement) et dont les
    nombres à virgule deviennent des Decimal sans passer par un float."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        vues: set[Any] = set()
        for noeud_cle, _ in node.value:
            cle = self.construct_object(noeud_cle, deep=deep)
            if cle in vues:
                raise yaml.constructor.ConstructorError(None, None, f"clé « {cle} » en double", noeud_cle.start_mark)
            vues.add(cle)
        return super().construct_mapping(node, deep=deep)


def _decimal_yaml(chargeur: yaml.SafeLoader, noeud: yaml.Node) -> Decimal:
    texte = str(chargeur.construct_scalar(cast(yaml.ScalarNode, noeud)))
    try:
        return Decimal(texte.replace("_", ""))
    except InvalidOperation:
        raise yaml.constructor.ConstructorError(None, None, f"nombre illisible « {texte} »", noeud.start_mark) from None


_ChargeurStrict.add_constructor("tag:yaml.org,2002:float", _decimal_yaml)


def lire_yaml(fichier: Path) -> object:
    try:
        return yaml.load(fichier.read_text(encoding="utf-8"), Loader=_ChargeurStrict)
    except yaml.YAMLError as erreur:
        raise ParametresInvalides(fichier.name, "", f"YAML invalide : {erreur}") from None


class Lecteur:
    """Lit un fichier en gardant son nom pour les messages d'erreur."""

    def __init__(self, fichier: str) -> None:
        self.fichier = fichier

    def erreur(self, cle: str, probleme: str) -> ParametresInvalides:
        return ParametresInvalides(self.fichier, cle, probleme)

    # Valeurs datées et références

    def valeurs(
        self, brut: object, cle: str, lire_valeur: Callable[[object, str], T], debut: date | None = None
    ) -> tuple[Valeur[T], ...]:
        """Les valeurs datées, dans l'ordre ; `debut` : la date que doit porter la première, s'il y en a une."""
        valeurs_brutes = self.dictionnaire(brut, cle)
        if not valeurs_brutes:
            raise self.erreur(cle, "aucune valeur datée")
        valeurs: list[Valeur[T]] = []
        for jour_brut, entree in valeurs_brutes.items():
            cle_valeur = f"{cle}.{jour_brut}"
            depuis = self.jour(jour_brut, cle_valeur)
            if valeurs and depuis <= valeurs[-1].depuis:
                raise self.erreur(cle_valeur, "dates à ranger dans l'ordre croissant, sans doublon")
            if not valeurs and debut is not None and depuis != debut:
                raise self.erreur(
                    cle_valeur,
                    f"la première valeur doit dater de l'entrée en vigueur du texte ({debut.isoformat()}), sans trou",
                )
            contenu = self.dictionnaire(entree, cle_valeur)
            self.cles_permises(contenu, cle_valeur, {"valeur", "references"})
            if "valeur" not in contenu:
                raise self.erreur(f"{cle_valeur}.valeur", "valeur manquante (null pour y mettre fin)")
            if contenu["valeur"] is None and not valeurs:
                raise self.erreur(f"{cle_valeur}.valeur", "la première valeur ne peut pas être nulle")
            valeurs.append(
                Valeur(
                    depuis=depuis,
                    valeur=None
                    if contenu["valeur"] is None
                    else lire_valeur(contenu["valeur"], f"{cle_valeur}.valeur"),
                    references=self.references(contenu.get("references"), f"{cle_valeur}.references"),
                )
            )
        return tuple(valeurs)

    def references(self, brut: object, cle: str) -> tuple[Reference, ...]:
        if not isinstance(brut, list) or not brut:
            raise self.erreur(cle, "au moins une référence attendue (texte officiel, document source)")
        references = []
        for rang, entree in enumerate(brut):
            cle_ref = f"{cle}.{rang}"
            noeud = self.dictionnaire(entree, cle_ref)
            self.cles_permises(noeud, cle_ref, {"titre", "document", "section", "lien", "source"})
            facultatifs = {
                nom: self.chaine(noeud, cle_ref, nom)
                for nom in ("document", "section", "lien", "source")
                if nom in noeud
            }
            references.append(Reference(titre=self.chaine(noeud, cle_ref, "titre"), **facultatifs))
        return tuple(references)

    # Valeurs élémentaires

    def dictionnaire(self, brut: object, cle: str) -> dict[Any, Any]:
        if not isinstance(brut, dict):
            raise self.erreur(cle, "table de clés attendue")
        return brut

    def cles_permises(self, noeud: Mapping[Any, object], cle: str, permises: set[str]) -> None:
        for nom in noeud:
            if nom not in permises:
                raise self.erreur(f"{cle}.{nom}", f"clé inconnue (clés permises : {', '.join(sorted(permises))})")

    def chaine(self, noeud: Mapping[str, object], cle: str, nom: str) -> str:
        valeur = noeud.get(nom)
        if not isinstance(valeur, str) or not valeur.strip():
            raise self.erreur(f"{cle}.{nom}" if cle else nom, "texte non vide attendu")
        return valeur.strip()

    def identifiant(self, brut: object, cle: str) -> str:
        if not isinstance(brut, str) or not brut.isidentifier() or not brut.islower():
            raise self.erreur(f"{cle}.{brut}", "identifiant attendu en minuscules sans accent (acces, volet_fixe)")
        if not brut.isascii():
            raise self.erreur(f"{cle}.{brut}", "identifiant attendu sans accent")
        return brut

    def jour(self, brut: object, cle: str) -> date:
        if not isinstance(brut, date) or isinstance(brut, datetime):
            raise self.erreur(cle, f"date AAAA-MM-JJ attendue, lu « {brut} »")
        return brut

    def entier(self, brut: object, cle: str, minimum: int = 0) -> int:
        if not isinstance(brut, int) or isinstance(brut, bool) or brut < minimum:
            raise self.erreur(cle, f"nombre entier ≥ {minimum} attendu, lu « {brut} »")
        return brut

    def montant(self, brut: object, cle: str) -> Decimal:
        valeur = self.nombre(brut, cle)
        if valeur < 0 or valeur != valeur.quantize(Decimal("0.01")):
            raise self.erreur(cle, f"montant en euros ≥ 0 avec au plus deux décimales attendu, lu « {brut} »")
        return valeur

    def taux(self, brut: object, cle: str) -> Decimal:
        valeur = self.nombre(brut, cle)
        if not 0 <= valeur <= 1:
            raise self.erreur(cle, f"taux entre 0 et 1 attendu, lu « {brut} »")
        return valeur

    def nombre(self, brut: object, cle: str) -> Decimal:
        if isinstance(brut, bool) or not isinstance(brut, int | Decimal):
            raise self.erreur(cle, f"nombre attendu, lu « {brut} »")
        valeur = Decimal(brut)
        if not valeur.is_finite():
            raise self.erreur(cle, f"nombre fini attendu, lu « {brut} »")
        return valeur


# Paramètres fondés, rangés par groupe : la commission paritaire et l'emploi des fonds.

CLES_PARAMETRE_FONDE = {"description", "unite", "fondement", "note", "valeurs"}


@dataclass(frozen=True, slots=True)
class ParametreFonde:
    """Un paramètre daté qui dit sur quoi il repose (`fondement`) : le texte lui-même, notre lecture du texte, ou ce
    que son fichier admet de plus (une analogie, un choix)."""

    cle: str
    description: str
    unite: str
    fondement: str
    note: str | None
    valeurs: tuple[Valeur[Any], ...]

    def en_vigueur(self, le: date) -> Valeur[Any] | None:
        return en_vigueur(self.valeurs, le)


P = TypeVar("P", bound=ParametreFonde)


def charger_fondes(
    chemin: Path,
    classe: type[P],
    fondements: tuple[str, ...],
    lire_valeur: Callable[[Lecteur, object, str], object],
) -> dict[str, P]:
    """Lit le fichier et rend ses paramètres par clé pointée (`reunions.delai_convocation_jours`) ; `lire_valeur`
    lit chaque valeur datée."""
    lecteur = Lecteur(chemin.name)

    def parametre(brut: object, cle: str) -> P:
        noeud = lecteur.dictionnaire(brut, cle)
        lecteur.cles_permises(noeud, cle, CLES_PARAMETRE_FONDE)
        if noeud.get("fondement") not in fondements:
            raise lecteur.erreur(f"{cle}.fondement", f"une valeur parmi {', '.join(fondements)} attendue")
        return classe(
            cle=cle,
            description=lecteur.chaine(noeud, cle, "description"),
            unite=lecteur.chaine(noeud, cle, "unite"),
            fondement=noeud["fondement"],
            note=None if noeud.get("note") is None else lecteur.chaine(noeud, cle, "note"),
            valeurs=lecteur.valeurs(
                noeud.get("valeurs"), f"{cle}.valeurs", lambda valeur, ou: lire_valeur(lecteur, valeur, ou)
            ),
        )

    return {
        f"{groupe}.{nom}": parametre(noeud, f"{groupe}.{nom}")
        for groupe, contenu in lecteur.dictionnaire(lire_yaml(chemin), "").items()
        for nom, noeud in lecteur.dictionnaire(contenu, str(groupe)).items()
    }
