"""Délais de démarrage et de déploiement complet des missions, et les retards à signaler.

Une mission qu'un texte ajoute après la signature (la mission crises sanitaires de l'avenant 2 pour un
contrat de 2020) voit son délai courir de l'entrée en vigueur de ce texte, et non de la signature : on
ne peut pas être en retard sur une obligation qui n'existait pas.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from cpts.regles.bareme import Referentiel
from cpts.regles.dates import ajouter_mois
from cpts.regles.erreurs import EntreeInvalide
from cpts.regles.parametres import referentiel

Etape = Literal["demarrage", "deploiement"]
Statut = Literal["en_retard", "bientot"]


@dataclass(frozen=True, slots=True)
class EcheanceMission:
    mission: str
    compte_depuis: date
    demarrage_au_plus_tard: date | None
    deploiement_au_plus_tard: date | None


@dataclass(frozen=True, slots=True)
class SuiviMission:
    demarree_le: date | None = None
    deployee_le: date | None = None


@dataclass(frozen=True, slots=True)
class Alerte:
    mission: str
    etape: Etape
    au_plus_tard: date
    statut: Statut


def echeances_missions(
    signature: date, missions: Iterable[str], le: date, *, texte: str | None = None
) -> tuple[EcheanceMission, ...]:
    """Les dates limites de chaque mission selon le texte en vigueur le jour `le` (ou le texte imposé).

    Une mission sans délai (les optionnelles) a des dates limites vides.
    """
    textes = referentiel()
    bareme = textes.bareme_au(le, texte)
    echeances = []
    for code in sorted(set(missions), key=lambda code: _rang(textes, code)):
        parametre = bareme.delais.get(code)
        delai = None if parametre is None else parametre.au(bareme.date_de_calcul(le))
        depuis = signature if texte is not None else max(signature, _premier_delai(textes, code))
        echeances.append(
            EcheanceMission(
                mission=code,
                compte_depuis=depuis,
                demarrage_au_plus_tard=_plus(depuis, None if delai is None else delai.demarrage_mois),
                deploiement_au_plus_tard=_plus(depuis, None if delai is None else delai.deploiement_mois),
            )
        )
    return tuple(echeances)


def alertes_delais(
    signature: date,
    missions: Mapping[str, SuiviMission],
    le: date,
    *,
    horizon_mois: int = 2,
    texte: str | None = None,
) -> tuple[Alerte, ...]:
    """Les étapes non franchies le jour `le` dont la date limite est passée (en retard) ou tombe dans
    les `horizon_mois` à venir (bientôt). Une étape franchie, même tard, ne donne plus d'alerte."""
    if horizon_mois < 0:
        raise EntreeInvalide("l'horizon des alertes est un nombre de mois ≥ 0")
    alertes = []
    for echeance in echeances_missions(signature, missions, le, texte=texte):
        suivi = missions[echeance.mission]
        etapes: tuple[tuple[Etape, date | None, date | None], ...] = (
            ("demarrage", echeance.demarrage_au_plus_tard, suivi.demarree_le),
            ("deploiement", echeance.deploiement_au_plus_tard, suivi.deployee_le),
        )
        for etape, limite, franchie_le in etapes:
            if limite is None or (franchie_le is not None and franchie_le <= le):
                continue
            if le > limite:
                alertes.append(Alerte(echeance.mission, etape, limite, "en_retard"))
            elif le >= ajouter_mois(limite, -horizon_mois):
                alertes.append(Alerte(echeance.mission, etape, limite, "bientot"))
    return tuple(sorted(alertes, key=lambda alerte: alerte.au_plus_tard))


def _rang(textes: Referentiel, code: str) -> int:
    if code == "fonctionnement":
        raise EntreeInvalide("le fonctionnement n'est pas une mission : il n'a pas de délai")
    if code not in textes.ordre_missions:
        raise EntreeInvalide(f"mission « {code} » inconnue ({', '.join(textes.ordre_missions)})")
    return textes.ordre_missions[code]


def _premier_delai(textes: Referentiel, code: str) -> date:
    """Le jour où un texte a fixé pour la première fois un délai à cette mission."""
    for texte in textes.financiers:
        parametre = (texte.delais or {}).get(code)
        if parametre is None:
            continue
        for valeur in parametre.valeurs:
            if valeur.valeur is not None:
                return valeur.depuis
    return date.min


def _plus(depuis: date, mois: int | None) -> date | None:
    return None if mois is None else ajouter_mois(depuis, mois)
