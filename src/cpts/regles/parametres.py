"""Lecture et validation des fichiers de paramètres, un par texte, dans `parametres/`.

Tout écart (type, date, taille manquante, clé inconnue) arrête le chargement avec un message qui
nomme le fichier et la clé : un montant faux ne doit jamais atteindre un calcul.
"""

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

from cpts.regles.bareme import (
    CONDITIONS,
    AnneeACheval,
    Bareme,
    Categorie,
    Condition,
    Delai,
    Majoration,
    Mission,
    NatureVolet,
    Parametre,
    Referentiel,
    ReglesVersement,
    Texte,
    Volet,
)
from cpts.regles.erreurs import ParametresInvalides
from cpts.regles.lecture import Lecteur, lire_yaml

DOSSIER_PARAMETRES = Path(__file__).parent / "parametres"
SECTIONS = ("texte", "tailles", "versement", "majoration", "delais", "missions", "annee_a_cheval", "commission")
ANNEES_A_CHEVAL: tuple[AnneeACheval, ...] = ("texte_a_l_ouverture",)
CATEGORIES: tuple[Categorie, ...] = ("fonctionnement", "socle", "optionnelle")
NATURES_VOLET: tuple[NatureVolet, ...] = ("fixe", "variable")

T = TypeVar("T")


@cache
def referentiel() -> Referentiel:
    """Les textes livrés avec l'application, lus une fois pour toutes."""
    return charger(DOSSIER_PARAMETRES)


def charger(dossier: Path) -> Referentiel:
    fichiers = sorted(dossier.glob("*.yaml"))
    if not fichiers:
        raise ParametresInvalides(str(dossier), "", "aucun fichier de paramètres (*.yaml)")
    textes = [_Lecteur(fichier.name).texte(lire_yaml(fichier)) for fichier in fichiers]
    _verifier_chronologie(textes)
    referentiel = Referentiel(textes)
    for texte in referentiel.financiers:
        _verifier_coherence(referentiel.bareme(texte.code))
    return referentiel


class _Lecteur(Lecteur):
    """Un texte de l'ACI ou d'un avenant : son en-tête et les sections qu'il change."""

    def texte(self, brut: object) -> Texte:
        racine = self.dictionnaire(brut, "")
        inconnues = [cle for cle in racine if cle not in SECTIONS]
        if inconnues:
            raise self.erreur(str(inconnues[0]), f"section inconnue (sections permises : {', '.join(SECTIONS)})")
        entete = self.dictionnaire(racine.get("texte"), "texte")
        self.cles_permises(
            entete,
            "texte",
            {"code", "libelle", "titre", "signe_le", "publie_le", "jorf", "en_vigueur_le", "derogation", "references"},
        )
        code = self.chaine(entete, "texte", "code")
        if f"{code}.yaml" != self.fichier:
            raise self.erreur("texte.code", f"« {code} » ne correspond pas au nom du fichier")
        publie_le = None if entete.get("publie_le") is None else self.jour(entete["publie_le"], "texte.publie_le")
        debut = self.entree_en_vigueur(entete, publie_le)
        signe_le = entete.get("signe_le")
        return Texte(
            code=code,
            libelle=self.chaine(entete, "texte", "libelle"),
            titre=self.chaine(entete, "texte", "titre"),
            signe_le=None if signe_le is None else self.jour(signe_le, "texte.signe_le"),
            en_vigueur_le=debut,
            references=self.references(entete.get("references"), "texte.references"),
            fichier=self.fichier,
            publie_le=publie_le,
            jorf=None if entete.get("jorf") is None else self.chaine(entete, "texte", "jorf"),
            tailles=self.optionnel(racine, "tailles", lambda b, c: self.parametre(b, c, debut, self.seuils)),
            versement=self.optionnel(racine, "versement", lambda b, c: self.parametre(b, c, debut, self.versement)),
            majoration=self.optionnel(racine, "majoration", lambda b, c: self.parametre(b, c, debut, self.majoration)),
            delais=self.optionnel(racine, "delais", lambda b, c: self.delais(b, c, debut)),
            missions=self.optionnel(racine, "missions", lambda b, c: self.missions(b, c, debut)),
            annee_a_cheval=self.optionnel(
                racine, "annee_a_cheval", lambda b, c: self.parametre(b, c, debut, self.annee_a_cheval)
            ),
            autres={cle: racine[cle] for cle in ("commission",) if cle in racine},
        )

    def entree_en_vigueur(self, entete: Mapping[str, object], publie_le: date | None) -> date:
        """Le lendemain de la publication au JO (Code civil, art. 1er), sauf si le texte en dispose
        autrement : une autre date exige alors la clause qui la fixe (`derogation`)."""
        if publie_le is None:
            # Texte pas encore publié (simulation d'un avenant à venir) : sa date est donnée telle quelle.
            return self.jour(entete.get("en_vigueur_le"), "texte.en_vigueur_le")
        lendemain = publie_le + timedelta(days=1)
        if entete.get("en_vigueur_le") is None:
            return lendemain
        debut = self.jour(entete["en_vigueur_le"], "texte.en_vigueur_le")
        if debut != lendemain and "derogation" not in entete:
            raise self.erreur(
                "texte.en_vigueur_le",
                f"un texte entre en vigueur le lendemain de sa publication ({lendemain.isoformat()}) ;"
                " une autre date exige la clause du texte qui la fixe (texte.derogation)",
            )
        if "derogation" in entete:
            self.chaine(entete, "texte", "derogation")
        return debut

    def annee_a_cheval(self, brut: object, cle: str) -> AnneeACheval:
        for choix in ANNEES_A_CHEVAL:
            if brut == choix:
                return choix
        raise self.erreur(cle, f"une valeur parmi {', '.join(ANNEES_A_CHEVAL)} attendue")

    def optionnel(self, racine: Mapping[str, object], section: str, lire: Callable[[object, str], T]) -> T | None:
        return lire(racine[section], section) if section in racine else None

    # Paramètres datés

    def parametre(self, brut: object, cle: str, debut: date, lire_valeur: Callable[[object, str], T]) -> Parametre[T]:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, {"description", "unite", "valeurs", "verifie", "note"})
        valeurs = self.valeurs(noeud.get("valeurs"), f"{cle}.valeurs", lire_valeur, debut)
        verifie = noeud.get("verifie", True)
        if not isinstance(verifie, bool):
            raise self.erreur(f"{cle}.verifie", "true ou false attendu")
        note = noeud.get("note")
        return Parametre(
            cle=cle,
            description=self.chaine(noeud, cle, "description"),
            unite=self.chaine(noeud, cle, "unite"),
            valeurs=valeurs,
            verifie=verifie,
            note=None if note is None else self.chaine(noeud, cle, "note"),
        )

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
        if nature not in NATURES_VOLET:
            raise self.erreur(f"{cle}.nature", f"une valeur parmi {', '.join(NATURES_VOLET)} attendue")
        si = noeud.get("si")
        if si is not None and si not in CONDITIONS:
            raise self.erreur(f"{cle}.si", f"une condition parmi {', '.join(CONDITIONS)} attendue")
        parametre = {k: v for k, v in noeud.items() if k not in propres}
        return Volet(
            cle=nom,
            code=self.identifiant(noeud.get("volet", nom), f"{cle}.volet"),
            libelle=self.chaine(noeud, cle, "libelle"),
            nature=cast(NatureVolet, nature),
            si=cast(Condition | None, si),
            montants=self.parametre(parametre, cle, debut, self.montants),
        )

    def montants(self, brut: object, cle: str) -> Mapping[int, Decimal]:
        noeud = self.dictionnaire(brut, cle)
        if not all(isinstance(taille, int) and not isinstance(taille, bool) for taille in noeud):
            raise self.erreur(cle, "montants attendus par taille : {1: …, 2: …}")
        return {taille: self.montant(valeur, f"{cle}.{taille}") for taille, valeur in sorted(noeud.items())}


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
