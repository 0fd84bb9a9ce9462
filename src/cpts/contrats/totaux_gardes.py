"""Les totaux de l'échéancier d'un contrat lus de son état gardé (`cpts.contrats.etat`) sans ses lignes : la fiche
du contrat ne montre que le dû et le versé, en tout et par année, et ses avertissements."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpts.contrats.echeancier import ZERO, Echeancier, Total, echeancier_du_contrat
from cpts.contrats.etat import avertissements_valides
from cpts.contrats.models import Contrat, EtatContrat, LigneEtat
from cpts.preparees import LecturePreparee, Parametre

# Dû et versé de chaque ligne, sans le reste : la fiche du contrat n'en montre que les totaux. Trois colonnes au lieu
# de treize, et ni ligne construite ni statut déduit (les deux tiers de la lecture de l'échéancier par la fiche).
_MONTANTS = LecturePreparee(
    lambda: LigneEtat.objects.filter(contrat_id=Parametre("contrat", EtatContrat._meta.pk)).values_list(
        "annee", "montant", "paye"
    )
)


@dataclass
class TotauxGardes:
    """Dû et versé de l'échéancier d'un contrat, en tout et par année (comme `Totaux`), et ses avertissements, lus
    de son état gardé sans ses lignes."""

    montants: list[tuple[int, Decimal, Decimal]]
    """Année, dû et versé de chaque ligne."""
    avertissements: list[str]

    @property
    def total(self) -> Total:
        return Total(sum((du for _, du, _ in self.montants), ZERO), sum((paye for _, _, paye in self.montants), ZERO))

    def par_annee(self) -> list[tuple[int, Total]]:
        sommes: dict[int, tuple[Decimal, Decimal]] = {}
        for annee, du, paye in self.montants:
            avant_du, avant_paye = sommes.get(annee, (ZERO, ZERO))
            sommes[annee] = (avant_du + du, avant_paye + paye)
        return [(annee, Total(*sommes[annee])) for annee in sorted(sommes)]


def totaux_gardes(contrat: Contrat, le: date, avertissements: list[str] | None) -> TotauxGardes | Echeancier:
    """Les totaux et les avertissements de l'échéancier du contrat (`avertissements` : ceux lus avec le contrat,
    `avertissements_gardes`), comme ceux d'`echeancier_garde` ; le calcul complet si l'état est périmé pendant sa
    lecture."""
    lus = avertissements_valides(contrat, avertissements)
    if lus is None:
        return echeancier_du_contrat(contrat, le)
    return TotauxGardes(list(_MONTANTS.lignes(contrat=contrat.pk)), lus)
