"""Les indemnités versées aux membres d'une CPTS ([decret-2022-375]) : un plafond annuel par membre, votées en
assemblée générale. Le plafond est un paramètre daté (`indemnites.plafond_annuel_par_membre`), notre lecture tant
que le texte publié n'est pas relu : atteindre le plafond est permis, le dépasser est signalé."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from cpts.regles.comptabilite.plan import ZERO, euros


@dataclass(frozen=True, slots=True)
class Indemnisation:
    """Ce qu'un membre a reçu pour une mission : son temps et l'indemnité payée."""

    beneficiaire: str
    mission: str
    heures: Decimal
    montant: Decimal


@dataclass(frozen=True, slots=True)
class Beneficiaire:
    nom: str
    heures: Decimal
    montant: Decimal
    plafond: Decimal | None  # None : aucun plafond en vigueur (exercice antérieur au décret)

    @property
    def depasse(self) -> bool:
        return self.plafond is not None and self.montant > self.plafond

    @property
    def depassement(self) -> Decimal:
        return max(self.montant - self.plafond, ZERO) if self.plafond is not None else ZERO


def par_beneficiaire(indemnisations: Iterable[Indemnisation], plafond: Decimal | None) -> list[Beneficiaire]:
    """Le rapport « par bénéficiaire » de l'assemblée générale : le total de chacun face au plafond, par nom."""
    heures: dict[str, Decimal] = defaultdict(lambda: ZERO)
    montants: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ligne in indemnisations:
        heures[ligne.beneficiaire] += ligne.heures
        montants[ligne.beneficiaire] += ligne.montant
    return [Beneficiaire(nom, heures[nom], montants[nom], plafond) for nom in sorted(montants, key=str.casefold)]


def avertissement(beneficiaire: Beneficiaire) -> str | None:
    if not beneficiaire.depasse or beneficiaire.plafond is None:
        return None
    return (
        f"{beneficiaire.nom} : {euros(beneficiaire.montant)} d'indemnités dans l'année, au-delà du plafond annuel "
        f"par membre de {euros(beneficiaire.plafond)} ({euros(beneficiaire.depassement)} de trop)."
    )
