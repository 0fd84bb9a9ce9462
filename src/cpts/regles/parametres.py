"""Lecture et validation des fichiers de paramètres, un par texte, dans `parametres/`.

Tout écart (type, date, taille manquante, clé inconnue) arrête le chargement avec un message qui
nomme le fichier et la clé : un montant faux ne doit jamais atteindre un calcul.
"""

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from cpts.regles.bareme import (
    CONDITIONS,
    Bareme,
    Categorie,
    Condition,
    Delai,
    Majoration,
    Mission,
    Nature,
    Parametre,
    Reference,
    Referentiel,
    ReglesVersement,
    Texte,
    Valeur,
    Volet,
)
from cpts.regles.erreurs import ParametresInvalides

DOSSIER_PARAMETRES = Path(__file__).parent / "parametres"
SECTIONS = ("texte", "tailles", "versement", "majoration", "delais", "missions", "commission")
CATEGORIES: tuple[Categorie, ...] = ("fonctionnement", "socle", "optionnelle")
NATURES: tuple[Nature, ...] = ("fixe", "variable")

T = TypeVar("T")


@cache
def referentiel() -> Referentiel:
    """Les textes livrés avec l'application, lus une fois pour toutes."""
    return charger(DOSSIER_PARAMETRES)


def charger(dossier: Path) -> Referentiel:
    fichiers = sorted(dossier.glob("*.yaml"))
    if not fichiers:
        raise ParametresInvalides(str(dossier), "", "aucun fichier de paramètres (*.yaml)")
    textes = [_Lecteur(fichier.name).texte(_lire_yaml(fichier)) for fichier in fichiers]
    _verifier_chronologie(textes)
    referentiel = Referentiel(textes)
    for texte in referentiel.financiers:
        _verifier_coherence(referentiel.bareme(texte.code))
    return referentiel


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


def _lire_yaml(fichier: Path) -> object:
    try:
        return yaml.load(fichier.read_text(encoding="utf-8"), Loader=_ChargeurStrict)
    except yaml.YAMLError as erreur:
        raise ParametresInvalides(fichier.name, "", f"YAML invalide : {erreur}") from None


class _Lecteur:
    """Lit un fichier en gardant son nom pour les messages d'erreur."""

    def __init__(self, fichier: str) -> None:
        self.fichier = fichier

    def erreur(self, cle: str, probleme: str) -> ParametresInvalides:
        return ParametresInvalides(self.fichier, cle, probleme)

    def texte(self, brut: object) -> Texte:
        racine = self.dictionnaire(brut, "")
        inconnues = [cle for cle in racine if cle not in SECTIONS]
        if inconnues:
            raise self.erreur(str(inconnues[0]), f"section inconnue (sections permises : {', '.join(SECTIONS)})")
        entete = self.dictionnaire(racine.get("texte"), "texte")
        self.cles_permises(entete, "texte", {"code", "libelle", "titre", "signe_le", "en_vigueur_le", "references"})
        code = self.chaine(entete, "texte", "code")
        if f"{code}.yaml" != self.fichier:
            raise self.erreur("texte.code", f"« {code} » ne correspond pas au nom du fichier")
        debut = self.jour(entete.get("en_vigueur_le"), "texte.en_vigueur_le")
        signe_le = entete.get("signe_le")
        return Texte(
            code=code,
            libelle=self.chaine(entete, "texte", "libelle"),
            titre=self.chaine(entete, "texte", "titre"),
            signe_le=None if signe_le is None else self.jour(signe_le, "texte.signe_le"),
            en_vigueur_le=debut,
            references=self.references(entete.get("references"), "texte.references"),
            fichier=self.fichier,
            tailles=self.optionnel(racine, "tailles", lambda b, c: self.parametre(b, c, debut, self.seuils)),
            versement=self.optionnel(racine, "versement", lambda b, c: self.parametre(b, c, debut, self.versement)),
            majoration=self.optionnel(racine, "majoration", lambda b, c: self.parametre(b, c, debut, self.majoration)),
            delais=self.optionnel(racine, "delais", lambda b, c: self.delais(b, c, debut)),
            missions=self.optionnel(racine, "missions", lambda b, c: self.missions(b, c, debut)),
            autres={cle: racine[cle] for cle in ("commission",) if cle in racine},
        )

    def optionnel(self, racine: Mapping[str, object], section: str, lire: Callable[[object, str], T]) -> T | None:
        return lire(racine[section], section) if section in racine else None

    # Paramètres datés

    def parametre(self, brut: object, cle: str, debut: date, lire_valeur: Callable[[object, str], T]) -> Parametre[T]:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, {"description", "unite", "valeurs", "verifie", "note"})
        valeurs_brutes = self.dictionnaire(noeud.get("valeurs"), f"{cle}.valeurs")
        if not valeurs_brutes:
            raise self.erreur(f"{cle}.valeurs", "aucune valeur datée")
        valeurs: list[Valeur[T]] = []
        for jour_brut, entree in valeurs_brutes.items():
            cle_valeur = f"{cle}.valeurs.{jour_brut}"
            depuis = self.jour(jour_brut, cle_valeur)
            if valeurs and depuis <= valeurs[-1].depuis:
                raise self.erreur(cle_valeur, "dates à ranger dans l'ordre croissant, sans doublon")
            if not valeurs and depuis != debut:
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
        verifie = noeud.get("verifie", True)
        if not isinstance(verifie, bool):
            raise self.erreur(f"{cle}.verifie", "true ou false attendu")
        note = noeud.get("note")
        return Parametre(
            cle=cle,
            description=self.chaine(noeud, cle, "description"),
            unite=self.chaine(noeud, cle, "unite"),
            valeurs=tuple(valeurs),
            verifie=verifie,
            note=None if note is None else self.chaine(noeud, cle, "note"),
        )

    def references(self, brut: object, cle: str) -> tuple[Reference, ...]:
        if not isinstance(brut, list) or not brut:
            raise self.erreur(cle, "au moins une référence attendue (texte officiel, document source)")
        references = []
        for rang, entree in enumerate(brut):
            cle_ref = f"{cle}.{rang}"
            noeud = self.dictionnaire(entree, cle_ref)
            self.cles_permises(noeud, cle_ref, {"titre", "document", "section", "lien"})
            facultatifs = {
                nom: self.chaine(noeud, cle_ref, nom) for nom in ("document", "section", "lien") if nom in noeud
            }
            references.append(Reference(titre=self.chaine(noeud, cle_ref, "titre"), **facultatifs))
        return tuple(references)

    # Valeurs de chaque section

    def seuils(self, brut: object, cle: str) -> Mapping[int, int]:
        noeud = self.dictionnaire(brut, cle)
        attendues = list(range(2, len(noeud) + 2))
        if sorted(noeud) != attendues or not noeud:
            raise self.erreur(cle, "seuils attendus pour les tailles 2, 3, … (la taille 1 commence à 0)")
        seuils = {taille: self.entier(noeud[taille], f"{cle}.{taille}", minimum=1) for taille in attendues}
        if any(seuils[t] >= seuils[t + 1] for t in attendues[:-1]):
            raise self.erreur(cle, "seuils attendus strictement croissants")
        return seuils

    def versement(self, brut: object, cle: str) -> ReglesVersement:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, {"taux_avance", "delai_paiement_mois", "duree_contrat_annees"})
        return ReglesVersement(
            taux_avance=self.taux(noeud.get("taux_avance"), f"{cle}.taux_avance"),
            delai_paiement_mois=self.entier(noeud.get("delai_paiement_mois"), f"{cle}.delai_paiement_mois"),
            duree_contrat_annees=self.entier(
                noeud.get("duree_contrat_annees"), f"{cle}.duree_contrat_annees", minimum=1
            ),
        )

    def majoration(self, brut: object, cle: str) -> Majoration:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, {"taux", "taille", "membres_minimum", "hors"})
        hors = noeud.get("hors", [])
        if not isinstance(hors, list) or not all(isinstance(code, str) for code in hors):
            raise self.erreur(f"{cle}.hors", "liste de missions attendue")
        return Majoration(
            taux=self.taux(noeud.get("taux"), f"{cle}.taux"),
            taille=self.entier(noeud.get("taille"), f"{cle}.taille", minimum=1),
            membres_minimum=self.entier(noeud.get("membres_minimum"), f"{cle}.membres_minimum"),
            hors=frozenset(hors),
        )

    def delais(self, brut: object, cle: str, debut: date) -> Mapping[str, Parametre[Delai]]:
        noeud = self.dictionnaire(brut, cle)
        return {
            self.identifiant(mission, cle): self.parametre(valeur, f"{cle}.{mission}", debut, self.delai)
            for mission, valeur in noeud.items()
        }

    def delai(self, brut: object, cle: str) -> Delai:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, {"demarrage_mois", "deploiement_mois"})
        lus = {
            nom: None if noeud.get(nom) is None else self.entier(noeud[nom], f"{cle}.{nom}", minimum=1)
            for nom in ("demarrage_mois", "deploiement_mois")
        }
        demarrage, deploiement = lus["demarrage_mois"], lus["deploiement_mois"]
        if demarrage is not None and deploiement is not None and demarrage > deploiement:
            raise self.erreur(cle, "le démarrage ne peut pas venir après le déploiement complet")
        return Delai(demarrage_mois=lus["demarrage_mois"], deploiement_mois=lus["deploiement_mois"])

    def missions(self, brut: object, cle: str, debut: date) -> Mapping[str, Mission]:
        noeud = self.dictionnaire(brut, cle)
        if "fonctionnement" not in noeud:
            raise self.erreur(f"{cle}.fonctionnement", "le fonctionnement est toujours financé : section manquante")
        return {
            self.identifiant(code, cle): self.mission(code, valeur, f"{cle}.{code}", debut)
            for code, valeur in noeud.items()
        }

    def mission(self, code: str, brut: object, cle: str, debut: date) -> Mission:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, {"libelle", "intitule", "categorie", "volets"})
        categorie = noeud.get("categorie")
        if categorie not in CATEGORIES:
            raise self.erreur(f"{cle}.categorie", f"une valeur parmi {', '.join(CATEGORIES)} attendue")
        volets = self.dictionnaire(noeud.get("volets"), f"{cle}.volets")
        if not volets:
            raise self.erreur(f"{cle}.volets", "au moins un volet attendu")
        return Mission(
            code=code,
            libelle=self.chaine(noeud, cle, "libelle"),
            intitule=self.chaine(noeud, cle, "intitule"),
            categorie=cast(Categorie, categorie),
            volets=tuple(
                self.volet(self.identifiant(nom, f"{cle}.volets"), valeur, f"{cle}.volets.{nom}", debut)
                for nom, valeur in volets.items()
            ),
        )

    def volet(self, nom: str, brut: object, cle: str, debut: date) -> Volet:
        noeud = self.dictionnaire(brut, cle)
        propres = {"volet", "libelle", "nature", "si"}
        nature = noeud.get("nature")
        if nature not in NATURES:
            raise self.erreur(f"{cle}.nature", f"une valeur parmi {', '.join(NATURES)} attendue")
        si = noeud.get("si")
        if si is not None and si not in CONDITIONS:
            raise self.erreur(f"{cle}.si", f"une condition parmi {', '.join(CONDITIONS)} attendue")
        parametre = {k: v for k, v in noeud.items() if k not in propres}
        return Volet(
            cle=nom,
            code=self.identifiant(noeud.get("volet", nom), f"{cle}.volet"),
            libelle=self.chaine(noeud, cle, "libelle"),
            nature=cast(Nature, nature),
            si=cast(Condition | None, si),
            montants=self.parametre(parametre, cle, debut, self.montants),
        )

    def montants(self, brut: object, cle: str) -> Mapping[int, Decimal]:
        noeud = self.dictionnaire(brut, cle)
        if not all(isinstance(taille, int) and not isinstance(taille, bool) for taille in noeud):
            raise self.erreur(cle, "montants attendus par taille : {1: …, 2: …}")
        return {taille: self.montant(valeur, f"{cle}.{taille}") for taille, valeur in sorted(noeud.items())}

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


def _verifier_chronologie(textes: list[Texte]) -> None:
    codes: dict[str, str] = {}
    dates: dict[date, str] = {}
    for texte in textes:
        if texte.code in codes:
            raise ParametresInvalides(texte.fichier, "texte.code", f"code déjà pris par {codes[texte.code]}")
        codes[texte.code] = texte.fichier
        if texte.en_vigueur_le in dates:
            raise ParametresInvalides(
                texte.fichier,
                "texte.en_vigueur_le",
                f"même date d'entrée en vigueur que {dates[texte.en_vigueur_le]} : deux textes se chevauchent",
            )
        dates[texte.en_vigueur_le] = texte.fichier
    if not any(texte.financier for texte in textes):
        raise ParametresInvalides(textes[0].fichier, "", "aucun texte ne définit le financement")


def _verifier_coherence(bareme: Bareme) -> None:
    """Ce qu'un fichier seul ne peut vérifier : ses valeurs face aux tailles et missions héritées."""
    tailles = {1, *(taille for valeur in bareme.tailles.valeurs if valeur.valeur for taille in valeur.valeur)}
    _verifier_montants(bareme.texte, tailles)
    _verifier_majoration(bareme, tailles)
    for code in bareme.texte.delais or {}:
        if code not in bareme.missions:
            raise ParametresInvalides(bareme.texte.fichier, f"delais.{code}", "mission inconnue de ce barème")


def _verifier_montants(texte: Texte, tailles: set[int]) -> None:
    for mission in (texte.missions or {}).values():
        for volet in mission.volets:
            for valeur in volet.montants.valeurs:
                if valeur.valeur is None or set(valeur.valeur) == tailles:
                    continue
                manquantes = sorted(tailles - set(valeur.valeur))
                probleme = (
                    f"taille {manquantes[0]} manquante"
                    if manquantes
                    else f"tailles inconnues {sorted(set(valeur.valeur) - tailles)}"
                )
                cle = f"{volet.montants.cle}.valeurs.{valeur.depuis.isoformat()}.valeur"
                raise ParametresInvalides(texte.fichier, cle, probleme)


def _verifier_majoration(bareme: Bareme, tailles: set[int]) -> None:
    texte = bareme.texte
    for valeur in texte.majoration.valeurs if texte.majoration else ():
        if valeur.valeur is None:
            continue
        cle = f"majoration.valeurs.{valeur.depuis.isoformat()}.valeur"
        if valeur.valeur.taille not in tailles:
            raise ParametresInvalides(texte.fichier, f"{cle}.taille", "taille inconnue")
        inconnues = sorted(valeur.valeur.hors - set(bareme.missions))
        if inconnues:
            raise ParametresInvalides(texte.fichier, f"{cle}.hors", f"mission « {inconnues[0]} » inconnue")
