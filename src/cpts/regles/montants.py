"""Montants annuels d'une communauté à une date : par mission et par volet, selon le texte applicable."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from cpts.regles.avertissements import avertissements_financement
from cpts.regles.bareme import OPTIONS, Bareme, Condition, Mission, NatureVolet, Volet
from cpts.regles.erreurs import EntreeInvalide
from cpts.regles.parametres import referentiel

UN = Decimal(1)
CENTIME = Decimal("0.01")

AnneeDuPlan = Literal["premiere", "suivante"]
ANNEES_DU_PLAN: tuple[AnneeDuPlan, ...] = ("premiere", "suivante")
Atteinte = Decimal | int | Mapping[str, Decimal | int]
"""Taux d'atteinte des objectifs, de 0 à 1 : un seul pour toutes les missions, ou un par mission
(les missions non citées sont à 1)."""


@dataclass(frozen=True, slots=True)
class Ligne:
    mission: str
    volet: str
    nature: NatureVolet
    montant: Decimal
    libelle_mission: str
    libelle_volet: str


@dataclass(frozen=True, slots=True)
class Financement:
    texte: str
    libelle_texte: str
    le: date
    taille: int
    majore: bool
    lignes: tuple[Ligne, ...]
    avertissements: tuple[str, ...] = ()
    """Phrases à montrer avec le montant : mission socle manquante, territoire trop petit, montant non vérifié."""
    options: tuple[str, ...] = ()
    """Les enveloppes conditionnelles retenues (codes de `OPTIONS`)."""

    @property
    def total(self) -> Decimal:
        return sum((ligne.montant for ligne in self.lignes), Decimal("0.00"))


def montants_annuels(
    le: date,
    taille: int,
    missions: Iterable[str],
    *,
    membres: int = 0,
    atteinte: Atteinte = UN,
    annee_du_plan: AnneeDuPlan = "premiere",
    crise_survenue: bool = False,
    fonctionnement_additionnel: bool = False,
    texte: str | None = None,
    taux_crise: Decimal | int = UN,
    options: Iterable[str] = (),
    population: int | None = None,
) -> Financement:
    """Le financement annuel maximal d'une communauté, variable compris au taux d'atteinte donné.

    Le fonctionnement est toujours compté. Les lignes à zéro sont omises. `texte` impose un texte
    (simulation) ; sinon c'est celui en vigueur le jour `le`. L'atteinte ne vaut que pour les volets
    « actions et résultats » : le volet variable de la mission crise est dû sur crise survenue, au
    `taux_crise` retenu (100 % par défaut). `options` : les enveloppes conditionnelles choisies
    (`snp-compensation`, `snp-regulation`, `fonctionnement-additionnel`). `population` : pour avertir
    d'un territoire plus petit que ce qu'attendent les guides.
    """
    bareme = referentiel().bareme_au(le, texte)
    return calculer(
        bareme,
        le,
        taille,
        missions,
        membres=membres,
        atteinte=atteinte,
        annee_du_plan=annee_du_plan,
        crise_survenue=crise_survenue,
        fonctionnement_additionnel=fonctionnement_additionnel,
        taux_crise=taux_crise,
        options=options,
        population=population,
    )


def calculer(
    bareme: Bareme,
    le: date,
    taille: int,
    missions: Iterable[str],
    *,
    membres: int = 0,
    atteinte: Atteinte = UN,
    annee_du_plan: AnneeDuPlan = "premiere",
    crise_survenue: bool = False,
    fonctionnement_additionnel: bool = False,
    missions_absentes_a_zero: bool = False,
    taux_crise: Decimal | int = UN,
    options: Iterable[str] = (),
    population: int | None = None,
) -> Financement:
    """`missions_absentes_a_zero` : une mission que ce texte ignore compte pour rien au lieu d'être
    une erreur (comparer un texte qui a la mission crise à un texte qui ne l'a pas)."""
    retenues = missions_retenues(bareme, missions, ignorer_absentes=missions_absentes_a_zero)
    verifier_taille(bareme, le, taille)
    verifier_membres(membres)
    taux = taux_par_mission(atteinte, (mission.code for mission in retenues))
    crise = taux_valide(taux_crise, None, quoi="taux de la crise")
    if population is not None and (isinstance(population, bool) or not isinstance(population, int) or population < 0):
        raise EntreeInvalide(f"population invalide « {population} » : nombre entier d'habitants ≥ 0 attendu")
    if annee_du_plan not in ANNEES_DU_PLAN:
        raise EntreeInvalide(f"année du plan « {annee_du_plan} » inconnue : premiere ou suivante")
    choisies = options_valides(options)
    if fonctionnement_additionnel and "fonctionnement-additionnel" not in choisies:
        choisies = (*choisies, "fonctionnement-additionnel")
    conditions = conditions_remplies(
        annee_du_plan=annee_du_plan,
        crise_survenue=crise_survenue,
        fonctionnement_additionnel=False,
        options=choisies,
    )
    lignes = []
    non_verifies: list[tuple[Mission, Volet]] = []
    majore = False
    for mission in retenues:
        majoration = coefficient_majoration(bareme, le, taille, membres, mission.code)
        majore = majore or majoration != UN
        for volet in volets_dus(mission, conditions):
            montant = arrondi(
                montant_de_base(bareme, le, taille, volet)
                * majoration
                * taux_du_volet(volet, taux[mission.code], crise)
            )
            if montant:
                lignes.append(Ligne(mission.code, volet.code, volet.nature, montant, mission.libelle, volet.libelle))
                if not volet.montants.verifie:
                    non_verifies.append((mission, volet))
    return Financement(
        texte=bareme.texte.code,
        libelle_texte=bareme.texte.libelle,
        le=le,
        taille=taille,
        majore=majore,
        lignes=tuple(lignes),
        avertissements=avertissements_financement(
            bareme, (mission.code for mission in retenues), population, non_verifies, choisies
        ),
        options=choisies,
    )


def taux_du_volet(volet: Volet, atteinte: Decimal, taux_crise: Decimal) -> Decimal:
    """L'atteinte des objectifs ne joue que sur les volets « actions et résultats » ; le volet variable
    de la mission crise dépend de la survenue d'une crise ([urps-med-aura-guide-2022], §1.4 et sa note
    « taux d'atteinte de 100 % »), à son propre taux."""
    if volet.lie_a_la_crise:
        return taux_crise
    return atteinte if volet.nature == "variable" else UN


def options_valides(options: Iterable[str]) -> tuple[str, ...]:
    if isinstance(options, str):
        raise EntreeInvalide(f"options : une liste de codes est attendue, pas le texte « {options} »")
    choisies: list[str] = []
    for code in options:
        if code not in OPTIONS:
            raise EntreeInvalide(f"option « {code} » inconnue ({', '.join(OPTIONS)})")
        if code not in choisies:
            choisies.append(code)
    return tuple(choisies)


def missions_retenues(bareme: Bareme, codes: Iterable[str], *, ignorer_absentes: bool = False) -> tuple[Mission, ...]:
    """Le fonctionnement puis les missions demandées, dans l'ordre du texte."""
    if isinstance(codes, str):  # "acces" serait lu lettre à lettre
        raise EntreeInvalide(f"missions : une liste de codes est attendue, pas le texte « {codes} »")
    demandees = set(codes) | {"fonctionnement"}
    if not ignorer_absentes:
        for code in sorted(demandees):
            bareme.mission(code)
    return tuple(mission for code, mission in bareme.missions.items() if code in demandees)


def conditions_remplies(
    *,
    annee_du_plan: AnneeDuPlan,
    crise_survenue: bool,
    fonctionnement_additionnel: bool,
    options: Iterable[str] = (),
) -> frozenset[Condition]:
    conditions: set[Condition] = {
        "premiere_redaction_du_plan" if annee_du_plan == "premiere" else "mise_a_jour_du_plan"
    }
    if crise_survenue:
        conditions.add("crise_survenue")
    if fonctionnement_additionnel:
        conditions.add("fonctionnement_additionnel")
    conditions.update(OPTIONS[code] for code in options)
    return frozenset(conditions)


def volets_dus(mission: Mission, conditions: frozenset[Condition]) -> tuple[Volet, ...]:
    return tuple(volet for volet in mission.volets if volet.si is None or volet.si in conditions)


def montant_de_base(bareme: Bareme, le: date, taille: int, volet: Volet) -> Decimal:
    """Le montant annuel publié (100 % d'atteinte, sans majoration) ; zéro si le texte y a mis fin."""
    montants = volet.montants.au(bareme.date_de_calcul(le))
    return Decimal(0) if montants is None else montants[taille]


def coefficient_majoration(bareme: Bareme, le: date, taille: int, membres: int, mission: str) -> Decimal:
    majoration = bareme.majoration_au(le)
    if (
        majoration is None
        or taille != majoration.taille
        or membres < majoration.membres_minimum
        or mission in majoration.hors
    ):
        return UN
    return UN + majoration.taux


def verifier_taille(bareme: Bareme, le: date, taille: int) -> None:
    tailles = range(1, len(bareme.seuils(le)) + 2)
    if isinstance(taille, bool) or not isinstance(taille, int) or taille not in tailles:
        raise EntreeInvalide(f"taille « {taille} » inconnue : de {tailles[0]} à {tailles[-1]}")


def verifier_membres(membres: int) -> None:
    if isinstance(membres, bool) or not isinstance(membres, int) or membres < 0:
        raise EntreeInvalide(f"nombre de membres invalide « {membres} » : nombre entier ≥ 0 attendu")


def taux_par_mission(atteinte: Atteinte, codes: Iterable[str]) -> dict[str, Decimal]:
    """Le taux de chaque mission ; un taux donné pour une mission hors de `codes` est une erreur."""
    codes = list(codes)
    if isinstance(atteinte, Mapping):
        for code in atteinte:
            if code not in codes or code == "fonctionnement":
                raise EntreeInvalide(
                    f"taux d'atteinte donné pour « {code} », qui n'est pas une mission retenue"
                    f" ({', '.join(c for c in codes if c != 'fonctionnement') or 'aucune'})"
                )
        return {code: taux_valide(atteinte.get(code, UN), code) for code in codes}
    taux = taux_valide(atteinte, None)
    return dict.fromkeys(codes, taux)


def taux_valide(brut: object, mission: str | None, *, quoi: str = "taux d'atteinte") -> Decimal:
    ou = f" pour {mission}" if mission else ""
    if isinstance(brut, bool) or not isinstance(brut, int | Decimal):
        raise EntreeInvalide(f"{quoi}{ou} invalide « {brut} » : nombre décimal de 0 à 1 attendu")
    taux = Decimal(brut)
    if not taux.is_finite() or not 0 <= taux <= 1:
        raise EntreeInvalide(f"{quoi}{ou} hors de [0, 1] : {brut}")
    return taux


def arrondi(montant: Decimal) -> Decimal:
    """Au centime, une seule fois en fin de ligne ; la demie va au centime supérieur."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)
