"""Le plan normalisé des comptes annuels d'une CPTS ([senat-r25-032], proposition 9 : budgets et comptes
normalisés) : des produits par origine (ACI par mission, FIR, autres), des charges par mission et par nature ; le
résultat et les réserves reportées.

Les comptes d'un exercice sont des lignes (sens, poste, mission, montant) ; tout le reste se calcule ici.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal("0.00")
FONCTIONNEMENT = "fonctionnement"


class Sens(StrEnum):
    PRODUIT = "produit"
    CHARGE = "charge"


@dataclass(frozen=True, slots=True)
class Poste:
    code: str
    libelle: str
    sens: Sens
    par_mission: bool


POSTES: tuple[Poste, ...] = (
    Poste("aci", "ACI (Assurance Maladie)", Sens.PRODUIT, True),
    Poste("fir", "Fonds d'intervention régional (ARS)", Sens.PRODUIT, False),
    Poste("autre_produit", "Autres produits", Sens.PRODUIT, False),
    Poste("personnel", "Personnel de coordination", Sens.CHARGE, True),
    Poste("indemnites", "Indemnités des membres", Sens.CHARGE, True),
    Poste("prestations", "Prestations de services", Sens.CHARGE, True),
    Poste("locaux", "Locaux", Sens.CHARGE, True),
    Poste("numerique", "Outils numériques", Sens.CHARGE, True),
    Poste("communication", "Communication", Sens.CHARGE, True),
    Poste("autre_charge", "Autres charges", Sens.CHARGE, True),
)
PAR_CODE: Mapping[str, Poste] = {poste.code: poste for poste in POSTES}
CODES_POSTES = frozenset(PAR_CODE)
NATURES: tuple[Poste, ...] = tuple(p for p in POSTES if p.sens == Sens.CHARGE)
ORIGINES: tuple[Poste, ...] = tuple(p for p in POSTES if p.sens == Sens.PRODUIT)
INDEMNITES = "indemnites"


@dataclass(frozen=True, slots=True)
class Ligne:
    poste: str
    mission: str
    montant: Decimal

    @property
    def sens(self) -> Sens:
        return PAR_CODE[self.poste].sens


@dataclass(frozen=True)
class Comptes:
    """Les comptes d'un exercice, calculés depuis leurs lignes et les réserves reportées à l'ouverture."""

    lignes: tuple[Ligne, ...]
    reserves_ouverture: Decimal
    par_poste: Mapping[str, Decimal] = field(init=False)
    charges_par_mission: Mapping[str, Decimal] = field(init=False)
    aci_par_mission: Mapping[str, Decimal] = field(init=False)

    def __post_init__(self) -> None:
        par_poste: dict[str, Decimal] = defaultdict(lambda: ZERO)
        par_mission: dict[str, Decimal] = defaultdict(lambda: ZERO)
        aci: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for ligne in self.lignes:
            par_poste[ligne.poste] += ligne.montant
            if ligne.sens == Sens.CHARGE:
                par_mission[ligne.mission] += ligne.montant
            elif ligne.poste == "aci":
                aci[ligne.mission] += ligne.montant
        object.__setattr__(self, "par_poste", dict(par_poste))
        object.__setattr__(self, "charges_par_mission", dict(par_mission))
        object.__setattr__(self, "aci_par_mission", dict(aci))

    @property
    def produits(self) -> Decimal:
        return sum((self.par_poste.get(p.code, ZERO) for p in ORIGINES), ZERO)

    @property
    def charges(self) -> Decimal:
        return sum((self.par_poste.get(p.code, ZERO) for p in NATURES), ZERO)

    @property
    def resultat(self) -> Decimal:
        return self.produits - self.charges

    @property
    def reserves_cloture(self) -> Decimal:
        return self.reserves_ouverture + self.resultat

    @property
    def aci(self) -> Decimal:
        return self.par_poste.get("aci", ZERO)

    @property
    def part_aci_depensee(self) -> Decimal | None:
        """La part des fonds ACI de l'exercice employée : charges / ACI reçue (None sans ACI)."""
        return None if not self.aci else (self.charges / self.aci).quantize(Decimal("0.0001"))

    def montant(self, poste: str, mission: str) -> Decimal:
        return sum((x.montant for x in self.lignes if x.poste == poste and x.mission == mission), ZERO)


def erreurs_lignes(lignes: Iterable[Ligne], missions: Iterable[str]) -> list[str]:
    """Ce qui rend des lignes irrecevables : poste ou mission inconnus, montant négatif ou à plus de deux
    décimales, ligne en double."""
    connues = set(missions)
    vues: set[tuple[str, str]] = set()
    erreurs = []
    for ligne in lignes:
        poste = PAR_CODE.get(ligne.poste)
        if poste is None:
            erreurs.append(f"Poste inconnu « {ligne.poste} ».")
            continue
        nom = f"{poste.libelle}" + (f" — {ligne.mission}" if poste.par_mission else "")
        if poste.par_mission and ligne.mission not in connues:
            erreurs.append(f"{poste.libelle} : mission inconnue « {ligne.mission} ».")
        if not poste.par_mission and ligne.mission != FONCTIONNEMENT:
            erreurs.append(f"{poste.libelle} : ce poste ne se répartit pas par mission.")
        if ligne.montant < 0:
            erreurs.append(f"{nom} : un montant ne peut pas être négatif ({ligne.montant}).")
        elif ligne.montant != ligne.montant.quantize(Decimal("0.01")):
            erreurs.append(f"{nom} : deux décimales au plus.")
        if (ligne.poste, ligne.mission) in vues:
            erreurs.append(f"{nom} : ligne en double.")
        vues.add((ligne.poste, ligne.mission))
    return erreurs


def desequilibres(comptes: Comptes, reserves_cloture_declarees: Decimal, indemnites_declarees: Decimal) -> list[str]:
    """Les contrôles d'équilibre avant le dépôt : les réserves à la clôture sont celles de l'ouverture plus le
    résultat ; le poste « indemnités des membres » est la somme des indemnités déclarées membre par membre."""
    erreurs = []
    if comptes.charges == 0 and comptes.produits == 0:
        erreurs.append("Comptes vides : saisissez au moins un produit et une charge.")
    if reserves_cloture_declarees != comptes.reserves_cloture:
        erreurs.append(
            f"Comptes non équilibrés : réserves à la clôture déclarées {euros(reserves_cloture_declarees)}, attendues "
            f"{euros(comptes.reserves_cloture)} (réserves à l'ouverture {euros(comptes.reserves_ouverture)} plus "
            f"résultat {euros(comptes.resultat)})."
        )
    poste = comptes.par_poste.get(INDEMNITES, ZERO)
    if indemnites_declarees != poste:
        erreurs.append(
            f"Indemnités des membres : {euros(indemnites_declarees)} déclarés membre par membre, {euros(poste)} au "
            "poste « Indemnités des membres » des charges ; les deux doivent être égaux."
        )
    return erreurs


@dataclass(frozen=True, slots=True)
class Ecart:
    libelle: str
    prevu: Decimal
    realise: Decimal

    @property
    def ecart(self) -> Decimal:
        return self.realise - self.prevu

    @property
    def taux(self) -> Decimal | None:
        return None if not self.prevu else (self.ecart / self.prevu).quantize(Decimal("0.0001"))


def ecarts(prevu: Mapping[str, Decimal], comptes: Comptes) -> list[Ecart]:
    """Budget réalisé à côté du budget prévisionnel, poste par poste (produits puis charges), avec les écarts."""
    lignes = [Ecart(p.libelle, prevu.get(p.code, ZERO), comptes.par_poste.get(p.code, ZERO)) for p in POSTES]
    lignes.append(Ecart("Total des produits", _somme(prevu, ORIGINES), comptes.produits))
    lignes.append(Ecart("Total des charges", _somme(prevu, NATURES), comptes.charges))
    return lignes


@dataclass(frozen=True, slots=True)
class Rapprochement:
    mission: str
    comptabilise: Decimal
    verse: Decimal

    @property
    def ecart(self) -> Decimal:
        return self.comptabilise - self.verse


def rapprocher(comptes: Comptes, verses: Mapping[str, Decimal]) -> list[Rapprochement]:
    """L'ACI comptabilisée par mission face aux versements de l'exercice (registre des paiements)."""
    missions = sorted(set(comptes.aci_par_mission) | set(verses))
    return [Rapprochement(m, comptes.aci_par_mission.get(m, ZERO), verses.get(m, ZERO)) for m in missions]


def _somme(montants: Mapping[str, Decimal], postes: Iterable[Poste]) -> Decimal:
    return sum((montants.get(p.code, ZERO) for p in postes), ZERO)


def euros(montant: Decimal) -> str:
    entier, _, decimales = f"{abs(montant):.2f}".partition(".")
    groupes = f"{int(entier):,}".replace(",", "\u202f")
    signe = "-" if montant < 0 else ""
    return f"{signe}{groupes},{decimales} €" if decimales != "00" else f"{signe}{groupes} €"
