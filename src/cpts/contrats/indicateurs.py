"""Les indicateurs d'un contrat : nationaux (mission accès aux soins) et locaux, cibles par année, valeurs déclarées,
atteinte par mission.

Qui fait quoi (`cpts.comptes.droits`) : l'agent ARS ou CPAM définit les indicateurs, leurs poids et leurs cibles
(`SUIVRE_CONTRAT`) ; l'équipe de la CPTS et les agents déclarent les valeurs (`DECLARER_INDICATEURS`). Une fois
l'atteinte d'une mission retenue au dialogue de gestion, les valeurs et cibles de cette année sont arrêtées.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpts.comptes.droits import Action, exiger
from cpts.concurrence import verrouiller
from cpts.contrats import catalogue
from cpts.contrats.atteinte import AtteinteMission, Mesure, atteinte_indicateur, atteinte_mission
from cpts.contrats.enums import Sens
from cpts.contrats.models import BilanMission, Cible, Contrat, Indicateur, Valeur
from cpts.contrats.peremption import peremption_groupee
from cpts.contrats.prechargement import indicateurs_de
from cpts.contrats.termes import Termes
from cpts.saisie import nombre_fr

VALEUR_MAX = Decimal("9999999999")  # 14 chiffres dont 4 décimales


def lire_nombre(brut: object, champ: str) -> Decimal:
    """Un nombre décimal fini, d'au plus 10 chiffres avant la virgule et 4 après ; la virgule française est admise."""
    if isinstance(brut, bool):
        raise ValidationError({champ: "Nombre attendu."})
    try:
        valeur = nombre_fr(brut)
    except ValueError:
        raise ValidationError({champ: f"« {brut} » n'est pas un nombre."}) from None
    if not valeur.is_finite() or abs(valeur) > VALEUR_MAX:
        raise ValidationError({champ: "Nombre hors des bornes (au plus 10 chiffres avant la virgule)."})
    if valeur != valeur.quantize(Decimal("0.0001")):
        raise ValidationError({champ: "Au plus quatre décimales."})
    return valeur


def creer_nationaux(contrat: Contrat, le: date) -> list[Indicateur]:
    """Les indicateurs nationaux du texte en vigueur le jour `le`, absents du contrat, ajoutés à la mission accès
    aux soins (poids 1 chacun). Sans la mission au contrat, rien n'est ajouté."""
    if not contrat.missions.filter(mission=catalogue.MISSION).exists():
        return []
    presents = set(contrat.indicateurs.exclude(code="").values_list("code", flat=True))
    crees = []
    for national in catalogue.nationaux(le):
        if national.code in presents:
            continue
        crees.append(
            Indicateur.objects.create(
                contrat=contrat,
                mission=catalogue.MISSION,
                code=national.code,
                libelle=national.libelle,
                definition=f"{national.definition} (Référence : {national.reference}.)",
                source=national.source,
                sens=national.sens,
                unite=national.unite,
            )
        )
    return crees


# Lecture : cibles, valeurs et atteinte


@dataclass(frozen=True)
class Case:
    """Un indicateur une année : cible, valeur déclarée (et par qui), atteinte."""

    annee: int
    cible: Cible | None
    valeur: Valeur | None
    atteinte: Decimal | None


def _cases(indicateur: Indicateur, annees: range) -> list[Case]:
    cibles = {cible.annee: cible for cible in indicateur.cibles.all()}
    valeurs = {valeur.annee: valeur for valeur in indicateur.valeurs.all()}
    cases = []
    for annee in annees:
        cible, valeur = cibles.get(annee), valeurs.get(annee)
        atteinte = atteinte_indicateur(
            indicateur.sens,
            indicateur.reference,
            cible.valeur if cible else None,
            valeur.valeur if valeur else None,
        )
        cases.append(Case(annee, cible, valeur, atteinte))
    return cases


def indicateurs_du_contrat(contrat: Contrat) -> list[Indicateur]:
    return indicateurs_de(contrat)


def atteintes_calculees(contrat: Contrat, termes: Termes) -> dict[tuple[int, str], AtteinteMission]:
    """L'atteinte calculée de chaque mission au contrat, chaque année."""
    par_mission: dict[str, list[tuple[Indicateur, list[Case]]]] = {}
    for indicateur in indicateurs_du_contrat(contrat):
        par_mission.setdefault(indicateur.mission, []).append((indicateur, _cases(indicateur, termes.annees)))
    resultat = {}
    for annee in termes.annees:
        for mission in termes.missions_de(annee, datees=False):
            mesures = [
                Mesure(indicateur.libelle, indicateur.poids, cases[annee - 1].atteinte)
                for indicateur, cases in par_mission.get(mission, [])
            ]
            resultat[(annee, mission)] = atteinte_mission(mesures)
    return resultat


@dataclass(frozen=True)
class LigneIndicateur:
    indicateur: Indicateur
    cases: list[Case]


@dataclass(frozen=True)
class TableauMission:
    mission: str
    libelle: str
    indicateurs: list[LigneIndicateur]
    atteintes: list[tuple[int, AtteinteMission, Decimal | None]]
    """Par année : l'atteinte calculée et l'atteinte retenue au dialogue de gestion (None : pas encore)."""


def tableau(contrat: Contrat, termes: Termes) -> list[TableauMission]:
    """Les indicateurs du contrat rangés par mission, avec leurs cases par année et l'atteinte de la mission."""
    from cpts.contrats.missions import codes, libelle_mission

    calculees = atteintes_calculees(contrat, termes)
    retenues = {
        (bilan.dialogue.annee, bilan.mission): bilan.taux_retenu
        for bilan in BilanMission.objects.filter(dialogue__contrat=contrat).select_related("dialogue")
    }
    indicateurs = indicateurs_du_contrat(contrat)
    au_contrat = {mission.code for mission in termes.missions} | {i.mission for i in indicateurs}
    tableaux = []
    for mission in [code for code in codes() if code in au_contrat]:
        lignes = [
            LigneIndicateur(indicateur, _cases(indicateur, termes.annees))
            for indicateur in indicateurs
            if indicateur.mission == mission
        ]
        atteintes = [
            (annee, calculees[(annee, mission)], retenues.get((annee, mission)))
            for annee in termes.annees
            if (annee, mission) in calculees
        ]
        tableaux.append(TableauMission(mission, libelle_mission(mission), lignes, atteintes))
    return tableaux


# Écriture


def _annee_arretee(contrat: Contrat, annee: int, mission: str) -> BilanMission | None:
    return (
        BilanMission.objects.filter(dialogue__contrat=contrat, dialogue__annee=annee, mission=mission)
        .exclude(taux_retenu=None)
        .select_related("dialogue")
        .first()
    )


def _verifier_annee(contrat: Contrat, annee: object, *, commencee: bool) -> int:
    from cpts.contrats.missions import duree_contrat
    from cpts.regles.dates import anniversaire

    duree = duree_contrat(contrat.signature)
    if isinstance(annee, bool) or not isinstance(annee, int) or not 1 <= annee <= duree:
        raise ValidationError({"annee": f"L'année « {annee} » est hors du contrat : de 1 à {duree}."})
    debut = anniversaire(contrat.signature, annee - 1)
    if commencee and debut > timezone.localdate():
        message = f"L'année {annee} du contrat commence le {debut:%d/%m/%Y} : pas de valeur avant qu'elle commence."
        raise ValidationError({"annee": message})
    return annee


@transaction.atomic
def declarer_valeur(indicateur: Indicateur, annee: int, brut: object, auteur: Any, commentaire: str = "") -> Valeur:
    """Déclare (ou corrige) la valeur d'un indicateur pour une année commencée du contrat."""
    contrat = Contrat.objects.select_for_update().get(pk=indicateur.contrat_id)
    exiger(auteur, Action.DECLARER_INDICATEURS, contrat)
    annee = _verifier_annee(contrat, annee, commencee=True)
    valeur = lire_nombre(brut, "valeur")
    bilan = _annee_arretee(contrat, annee, indicateur.mission)
    if bilan is not None:
        raise ValidationError(
            f"L'atteinte de l'année {annee} pour la mission {bilan.libelle_mission} a été retenue au dialogue de "
            f"gestion du {bilan.dialogue.date:%d/%m/%Y} : les valeurs de cette année sont arrêtées."
        )
    objet = Valeur.objects.filter(indicateur=indicateur, annee=annee).first() or Valeur(
        indicateur=indicateur, annee=annee
    )
    objet.valeur, objet.commentaire = valeur, commentaire.strip()
    objet.declaree_par, objet.declaree_le = auteur, timezone.now()
    objet._history_user = auteur
    objet.save()
    return objet


def _verifier_mission(contrat: Contrat, mission: str) -> None:
    missions = set(contrat.missions.values_list("mission", flat=True))
    if mission not in missions:
        from cpts.contrats.missions import libelle_mission

        raise ValidationError({"mission": f"La mission « {libelle_mission(mission)} » ne figure pas au contrat."})


CHAMPS_LOCAUX = ("mission", "libelle", "definition", "source", "sens", "unite", "reference", "poids")
CHAMPS_NATIONAUX = ("source", "reference", "poids")


@transaction.atomic
def enregistrer_indicateur(
    contrat: Contrat,
    auteur: Any,
    donnees: Mapping[str, Any],
    indicateur: Indicateur | None = None,
    *,
    revision: int | None = None,
) -> Indicateur:
    """Crée un indicateur local, ou modifie un indicateur (d'un national : seulement sa source, sa référence, son
    poids ; son intitulé et sa définition sont ceux du texte) si personne ne l'a enregistré depuis la `revision`
    lue (sinon `ModificationConcurrente`)."""
    exiger(auteur, Action.SUIVRE_CONTRAT, contrat)
    if indicateur is not None:
        verrouiller(indicateur, revision)
    indicateur = indicateur or Indicateur(contrat=contrat)
    champs = CHAMPS_NATIONAUX if indicateur.national else CHAMPS_LOCAUX
    for champ in champs:
        if champ in donnees:
            setattr(indicateur, champ, donnees[champ])
    _verifier_mission(contrat, indicateur.mission)
    if indicateur.poids is None or indicateur.poids < 0:
        raise ValidationError({"poids": "Le poids d'un indicateur est un nombre positif ou nul."})
    if indicateur.sens not in Sens.values:
        raise ValidationError({"sens": "Sens inconnu : croissant ou décroissant."})
    if indicateur.pk:
        for cible in indicateur.cibles.all():
            _verifier_sens(indicateur, cible.valeur, cible.annee)
    indicateur.full_clean(exclude=["contrat"])
    indicateur._history_user = auteur
    indicateur.save()
    return indicateur


def _verifier_sens(indicateur: Indicateur, cible: Decimal, annee: int) -> None:
    reference = indicateur.reference
    if reference is None:
        return
    if indicateur.sens == Sens.CROISSANT and cible < reference:
        raise ValidationError(
            {"cibles": f"Année {annee} : un indicateur croissant vise au moins sa valeur de référence ({reference})."}
        )
    if indicateur.sens == Sens.DECROISSANT and cible > reference:
        raise ValidationError(
            {"cibles": f"Année {annee} : un indicateur décroissant vise au plus sa valeur de référence ({reference})."}
        )


@peremption_groupee()
def fixer_cibles(indicateur: Indicateur, cibles: Mapping[int, object], auteur: Any) -> None:
    """Fixe les cibles par année (une valeur vide retire la cible) ; celles d'une année arrêtée ne changent plus."""
    contrat = Contrat.objects.select_for_update().get(pk=indicateur.contrat_id)
    exiger(auteur, Action.SUIVRE_CONTRAT, contrat)
    for annee, brut in sorted(cibles.items()):
        _verifier_annee(contrat, annee, commencee=False)
        existante = indicateur.cibles.filter(annee=annee).first()
        vide = brut is None or str(brut).strip() == ""
        nouvelle = None if vide else lire_nombre(brut, "cibles")
        if (existante.valeur if existante else None) == nouvelle:
            continue
        if _annee_arretee(contrat, annee, indicateur.mission):
            raise ValidationError(
                {"cibles": f"Année {annee} : l'atteinte a été retenue au dialogue de gestion, la cible est arrêtée."}
            )
        if nouvelle is None:
            existante.delete()
            continue
        _verifier_sens(indicateur, nouvelle, annee)
        cible = existante or Cible(indicateur=indicateur, annee=annee)
        cible.valeur = nouvelle
        cible._history_user = auteur
        cible.save()


@transaction.atomic
def supprimer_indicateur(indicateur: Indicateur, auteur: Any) -> None:
    """Un indicateur local sans valeur déclarée peut être retiré ; un national jamais (mettre son poids à 0)."""
    exiger(auteur, Action.SUIVRE_CONTRAT, indicateur.contrat)
    if indicateur.national:
        raise ValidationError(
            "Un indicateur national figure obligatoirement au contrat : mettez son poids à 0 pour qu'il ne compte plus."
        )
    if indicateur.valeurs.exists():
        raise ValidationError("Cet indicateur a des valeurs déclarées : mettez son poids à 0 plutôt que de le retirer.")
    indicateur.cibles.all().delete()
    indicateur.delete()
