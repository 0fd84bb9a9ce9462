"""L'état gardé d'un contrat (`cpts.contrats.etat`) lu pour ses pages : son échéancier (lignes, totaux,
avertissements), ou ses seuls totaux pour la page du contrat, en lectures préparées, le calcul complet si une écriture
le périme pendant la lecture."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from cpts.contrats.echeancier import ZERO, Echeancier, Ligne, Total, Totaux, echeancier_du_contrat
from cpts.contrats.etat import COLONNES_LIGNE, ligne_lue, recalculer, version_du_calcul
from cpts.contrats.models import Contrat, EtatContrat, LigneEtat
from cpts.preparees import LecturePreparee, Parametre


@dataclass
class EcheancierGarde(Totaux):
    """L'échéancier d'un contrat lu de son état gardé : les lignes (statuts au jour `le`), leurs totaux et les
    avertissements, ce que montre sa page, sans recalcul."""

    contrat: Contrat
    lignes: list[Ligne]
    le: date
    avertissements: list[str]


# La page d'un échéancier lit l'état de son contrat à chaque affichage : deux lectures préparées (compilées une fois par
# processus), les lignes en valeurs plutôt qu'en objets de l'ORM (une centaine de lignes : le tiers de leur lecture).
_AVERTISSEMENTS = LecturePreparee(
    lambda: EtatContrat.objects.filter(
        contrat_id=Parametre("contrat", EtatContrat._meta.pk),
        version=Parametre("version", EtatContrat._meta.get_field("version")),
    ).values_list("avertissements")[:1]
)
_LIGNES = LecturePreparee(
    lambda: (
        LigneEtat.objects.filter(contrat_id=Parametre("contrat", EtatContrat._meta.pk))
        .order_by("rang")
        .values_list(*COLONNES_LIGNE)
    )
)


def avertissements_gardes() -> Subquery:
    """Les avertissements de l'état valide du contrat lu (NULL s'il n'en a pas), à lire avec lui dans une lecture
    préparée (`cpts.preparees`, la version du calcul en paramètre `version`) : une requête de moins par page."""
    return Subquery(
        EtatContrat.objects.filter(
            contrat_id=OuterRef("pk"), version=Parametre("version", EtatContrat._meta.get_field("version"))
        ).values("avertissements")[:1]
    )


class _PasLus:
    """Les avertissements ne sont pas encore lus : `echeancier_garde` les lit."""


def echeancier_garde(
    contrat: Contrat, le: date, avertissements: list[str] | type[_PasLus] | None = _PasLus
) -> EcheancierGarde | Echeancier:
    """L'échéancier du contrat au jour `le`, lu de son état (recalculé d'abord s'il est périmé) : mêmes lignes, dans
    le même ordre, mêmes statuts et avertissements que `echeancier_du_contrat`. Deux lectures au lieu des huit du
    calcul (termes, indicateurs, dialogues, versements), et aucune règle appliquée ; une seule si `avertissements`
    vient d'être lu avec le contrat (`avertissements_gardes`, None pour un contrat sans état valide)."""
    lus = avertissements_valides(contrat, avertissements)
    if lus is None:
        # Une écriture l'a périmé entre le calcul et la lecture : le calcul complet, plutôt qu'une lecture de plus.
        return echeancier_du_contrat(contrat, le)
    lignes = [ligne_lue(valeurs, le) for valeurs in _LIGNES.lignes(contrat=contrat.pk)]
    return EcheancierGarde(contrat=contrat, lignes=lignes, le=le, avertissements=lus)


def avertissements_valides(contrat: Contrat, avertissements: list[str] | type[_PasLus] | None) -> list[str] | None:
    """Les avertissements de l'état valide du contrat, recalculé d'abord s'il n'en a pas ; None si une écriture l'a
    périmé entre le calcul et la lecture."""
    if avertissements is _PasLus:
        etat = _AVERTISSEMENTS.premiere(contrat=contrat.pk, version=version_du_calcul())
        avertissements = None if etat is None else etat[0]
    if avertissements is None:
        recalculer(Contrat.objects.filter(pk=contrat.pk))
        etat = _AVERTISSEMENTS.premiere(contrat=contrat.pk, version=version_du_calcul())
        return None if etat is None else etat[0]  # type: ignore[no-any-return]
    return avertissements  # type: ignore[return-value]


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
