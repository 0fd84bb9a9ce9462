"""Les statistiques au-dessus de la CPTS (région, France) et leur secret : aucune case calculée sur moins de
`effectif_minimum` unités (CPTS d'un groupe, bénéficiaires d'indemnités) n'est publiée, pour qu'aucune indemnité
individuelle, ni le nombre de bénéficiaires d'une petite CPTS, ne se déduise d'un agrégat."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cpts.regles.comptabilite.plan import ZERO


def quantile(valeurs: Sequence[Decimal], rang: int, sur: int = 4) -> Decimal:
    """Le quantile rang/sur par interpolation linéaire entre les valeurs triées (méthode « inclusive », celle des
    tableurs) ; valeurs non vides."""
    triees = sorted(valeurs)
    position = Decimal(len(triees) - 1) * rang / sur
    bas = int(position)
    haut = min(bas + 1, len(triees) - 1)
    return (triees[bas] + (triees[haut] - triees[bas]) * (position - bas)).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class Statistique:
    """Une statistique d'un groupe de CPTS ; toutes ses cases sont None quand l'effectif est sous le seuil."""

    effectif: int
    total: Decimal | None
    premier_quartile: Decimal | None
    mediane: Decimal | None
    troisieme_quartile: Decimal | None
    par_habitant: Decimal | None

    @property
    def secret(self) -> bool:
        return self.total is None


def statistique(valeurs: Sequence[Decimal], population: int, seuil: int) -> Statistique:
    """Total, quartiles et montant par habitant d'une série (une valeur par CPTS)."""
    if len(valeurs) < seuil:
        return Statistique(len(valeurs), None, None, None, None, None)
    total = sum(valeurs, ZERO)
    par_habitant = (total / population).quantize(Decimal("0.01")) if population else None
    return Statistique(
        len(valeurs), total, quantile(valeurs, 1), quantile(valeurs, 2), quantile(valeurs, 3), par_habitant
    )


def compte_publiable(nombre: int, seuil: int) -> int | None:
    """Un nombre de personnes : publié à partir du seuil, ou nul ; « moins de 3 » (None) sinon."""
    return nombre if nombre == 0 or nombre >= seuil else None
