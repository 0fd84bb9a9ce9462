"""Simuler le financement d'une CPTS : un scénario (territoire, membres, missions datées, taux d'atteinte, crises,
texte) donne ses montants annuels, son échéancier sur la durée du contrat et les avertissements à lire.

Le seul module de la simulation qui calcule avec `cpts.regles` : les pages et les exports passent par lui.
Les montants sont ceux de `cpts financement --date <signature>` et de `cpts echeancier` pour les mêmes entrées.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, cached_property

from cpts import affichage
from cpts.contrats import missions as libelles
from cpts.financement.rendu import libelle_nature
from cpts.regles import Financement, Versement, echeances_missions, echeancier, montants_annuels, referentiel, taille
from cpts.regles.dates import jour_fr
from cpts.regles.echeancier import Contrat

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Scenario:
    population: int
    signature: date
    missions: Mapping[str, date | None]
    """Chaque mission choisie et son démarrage ; sans date, elle démarre à la signature."""
    membres: int = 0
    atteinte: Decimal = Decimal(1)
    crises: frozenset[int] = frozenset()
    """Les années de contrat où survient une crise sanitaire grave."""
    texte: str | None = None
    """Un texte imposé à toutes les dates ; sinon celui en vigueur à chaque date."""
    options: frozenset[str] = frozenset()
    """Les enveloppes conditionnelles choisies (`snp-compensation`…), dues dès la signature."""


@dataclass(frozen=True)
class Annee:
    """Une année de contrat de l'échéancier : ce qu'elle finance, par nature de volet et par versement."""

    annee: int
    debut: date
    fixe: Decimal
    variable: Decimal
    avances: Decimal
    soldes: Decimal

    @property
    def total(self) -> Decimal:
        return self.fixe + self.variable


@dataclass(frozen=True)
class Simulation:
    scenario: Scenario
    taille: int
    financement: Financement
    versements: tuple[Versement, ...]
    avertissements: tuple[str, ...] = field(default=())

    @property
    def libelle_texte(self) -> str:
        if self.scenario.texte is None:
            return f"texte en vigueur à chaque date ({self.financement.libelle_texte} à la signature)"
        return self.financement.libelle_texte

    @cached_property
    def annees(self) -> list[Annee]:
        natures = _natures()
        annees = []
        for numero in sorted({versement.annee_contrat for versement in self.versements}):
            du_an = [versement for versement in self.versements if versement.annee_contrat == numero]
            variable = sum((v.montant for v in du_an if natures.get((v.mission, v.volet)) == "variable"), start=ZERO)
            total = sum((v.montant for v in du_an), start=ZERO)
            annees.append(
                Annee(
                    annee=numero,
                    debut=min(v.du_le for v in du_an),
                    fixe=total - variable,
                    variable=variable,
                    avances=sum((v.montant for v in du_an if v.nature != "solde"), start=ZERO),
                    soldes=sum((v.montant for v in du_an if v.nature == "solde"), start=ZERO),
                )
            )
        return annees

    @property
    def versements_lisibles(self) -> list[dict[str, object]]:
        """Chaque versement avec les libellés de sa mission, de son volet et de sa nature, pour l'affichage."""
        return [
            {
                "annee_contrat": versement.annee_contrat,
                "libelle_mission": libelles.libelle_mission(versement.mission),
                "libelle_volet": libelles.libelle_volet(versement.mission, versement.volet),
                "libelle_nature": libelle_nature(versement.nature),
                "montant": versement.montant,
                "du_le": versement.du_le,
                "au_plus_tard": versement.au_plus_tard,
            }
            for versement in self.versements
        ]

    @property
    def total_contrat(self) -> Decimal:
        return sum((versement.montant for versement in self.versements), start=ZERO)


@dataclass(frozen=True)
class LigneComparee:
    libelle_mission: str
    libelle_volet: str
    nature: str
    montant_a: Decimal
    montant_b: Decimal

    @property
    def ecart(self) -> Decimal:
        return self.montant_b - self.montant_a


@dataclass(frozen=True)
class AnneeComparee:
    annee: int
    total_a: Decimal
    total_b: Decimal

    @property
    def ecart(self) -> Decimal:
        return self.total_b - self.total_a


@dataclass(frozen=True)
class Comparaison:
    a: Simulation
    b: Simulation
    lignes: list[LigneComparee]
    annees: list[AnneeComparee]

    @property
    def ecart_annuel(self) -> Decimal:
        return self.b.financement.total - self.a.financement.total

    @property
    def ecart_contrat(self) -> Decimal:
        return self.b.total_contrat - self.a.total_contrat


def simuler(scenario: Scenario) -> Simulation:
    """Lève `EntreeInvalide` (message en français) pour une entrée que les règles refusent."""
    textes = referentiel()
    le = scenario.signature
    taille_ = taille(scenario.population, le)
    avertissements: list[str] = []
    demarrages = {code: demarrage or le for code, demarrage in scenario.missions.items()}
    # Une mission qu'un texte ignore (crises sanitaires sous l'ACI 2019) ne compte pas : on le dit.
    a_la_signature = textes.bareme_au(le, scenario.texte)
    annuelles = [code for code in demarrages if code in a_la_signature.missions]
    datees = {
        code: demarrage
        for code, demarrage in demarrages.items()
        if code in textes.bareme_au(demarrage, scenario.texte).missions
    }
    for code in demarrages:
        if code not in datees:
            avertissements.append(
                f"La mission {libelles.libelle_mission(code)} n'existe pas dans le texte"
                f" {textes.bareme_au(demarrages[code], scenario.texte).texte.libelle} : elle n'est pas comptée."
            )
    financement = montants_annuels(
        le,
        taille_,
        annuelles,
        membres=scenario.membres,
        atteinte=scenario.atteinte,
        crise_survenue=bool(scenario.crises),
        texte=scenario.texte,
        options=sorted(scenario.options),
        population=scenario.population,
    )
    options = dict.fromkeys(sorted(scenario.options), le)
    versements = echeancier(
        Contrat(signature=le, taille=taille_, missions=datees, membres=scenario.membres, options=options),
        atteinte=scenario.atteinte,
        crises_survenues=sorted(scenario.crises),
        texte=scenario.texte,
    )
    avertissements += [*financement.avertissements, *_avertissements(scenario, taille_, datees)]
    return Simulation(scenario, taille_, financement, versements, tuple(avertissements))


def _avertissements(scenario: Scenario, taille_: int, datees: Mapping[str, date]) -> list[str]:
    """Ce que les règles ne disent pas d'un montant annuel : majoration manquée, démarrages après leur délai."""
    le = scenario.signature
    bareme = referentiel().bareme_au(le, scenario.texte)
    messages = []
    majoration = bareme.majoration_au(le)
    if majoration and taille_ == majoration.taille and scenario.membres < majoration.membres_minimum:
        messages.append(
            f"Taille {taille_} avec {scenario.membres} membres adhérents : la majoration de"
            f" {affichage.pourcentage(majoration.taux, 0)} demande au moins {majoration.membres_minimum} membres."
        )
    for echeance in echeances_missions(le, datees, le, texte=scenario.texte):
        limite = echeance.demarrage_au_plus_tard
        if limite is not None and datees[echeance.mission] > limite:
            messages.append(
                f"La mission {libelles.libelle_mission(echeance.mission)} démarre le"
                f" {jour_fr(datees[echeance.mission])}, après la date limite du {jour_fr(limite)}."
            )
    return messages


def comparer(a: Simulation, b: Simulation) -> Comparaison:
    """Deux scénarios côte à côte : montants annuels ligne à ligne, versements année par année."""
    ordre = referentiel().ordre_missions
    lignes_a = {(ligne.mission, ligne.volet): ligne for ligne in a.financement.lignes}
    lignes_b = {(ligne.mission, ligne.volet): ligne for ligne in b.financement.lignes}
    cles = sorted(dict.fromkeys([*lignes_a, *lignes_b]), key=lambda cle: ordre[cle[0]])
    lignes = []
    for cle in cles:
        ligne = lignes_b.get(cle) or lignes_a[cle]
        lignes.append(
            LigneComparee(
                libelle_mission=ligne.libelle_mission,
                libelle_volet=ligne.libelle_volet,
                nature=ligne.nature,
                montant_a=lignes_a[cle].montant if cle in lignes_a else ZERO,
                montant_b=lignes_b[cle].montant if cle in lignes_b else ZERO,
            )
        )
    totaux_a = {annee.annee: annee.total for annee in a.annees}
    totaux_b = {annee.annee: annee.total for annee in b.annees}
    annees = [
        AnneeComparee(numero, totaux_a.get(numero, ZERO), totaux_b.get(numero, ZERO))
        for numero in sorted({*totaux_a, *totaux_b})
    ]
    return Comparaison(a, b, lignes, annees)


@cache
def _natures() -> dict[tuple[str, str], str]:
    """La nature (fixe ou variable) de chaque volet, quel que soit le texte."""
    textes = referentiel()
    return {
        (mission.code, volet.code): volet.nature
        for texte in textes.financiers
        for mission in textes.bareme(texte.code).missions.values()
        for volet in mission.volets
    }


def texte_de_comparaison(signature: date, texte: str | None) -> str:
    """Le texte à mettre en regard : le plus récent autre que celui du scénario, sinon le précédent."""
    textes = referentiel()
    utilise = textes.bareme_au(signature, texte).texte.code
    autres = [t.code for t in textes.financiers if t.code != utilise]
    return autres[-1] if autres else utilise


def textes_financiers() -> list[tuple[str, str]]:
    return [
        (texte.code, f"{texte.libelle} (en vigueur le {jour_fr(texte.en_vigueur_le)})")
        for texte in referentiel().financiers
    ]
