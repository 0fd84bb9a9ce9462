"""Simulation « et si » : la même communauté sous deux textes, ligne à ligne, avec l'écart."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpts.regles.erreurs import EntreeInvalide
from cpts.regles.montants import UN, AnneeDuPlan, Atteinte, Financement, calculer
from cpts.regles.parametres import referentiel


@dataclass(frozen=True, slots=True)
class LigneComparee:
    mission: str
    volet: str
    libelle_mission: str
    libelle_volet: str
    montant_a: Decimal
    montant_b: Decimal

    @property
    def ecart(self) -> Decimal:
        return self.montant_b - self.montant_a


@dataclass(frozen=True, slots=True)
class Comparaison:
    a: Financement
    b: Financement
    lignes: tuple[LigneComparee, ...]

    @property
    def ecart(self) -> Decimal:
        return self.b.total - self.a.total


def comparer(
    texte_a: str,
    texte_b: str,
    le: date,
    taille: int,
    missions: Iterable[str],
    *,
    membres: int = 0,
    atteinte: Atteinte = UN,
    annee_du_plan: AnneeDuPlan = "premiere",
    crise_survenue: bool = False,
    taux_crise: Decimal | int = UN,
    options: Iterable[str] = (),
) -> Comparaison:
    """Une mission qu'un seul des deux textes connaît compte pour zéro dans l'autre."""
    textes = referentiel()
    bareme_a, bareme_b = textes.bareme_au(le, texte_a), textes.bareme_au(le, texte_b)
    codes = set(missions)
    options = tuple(options)
    for code in sorted(codes):
        if code not in bareme_a.missions and code not in bareme_b.missions:
            raise EntreeInvalide(
                f"la mission « {code} » n'existe ni dans le texte {bareme_a.texte.libelle}"
                f" ni dans le texte {bareme_b.texte.libelle}"
            )
    a, b = (
        calculer(
            bareme,
            le,
            taille,
            codes,
            membres=membres,
            atteinte=_atteinte_connue(atteinte, bareme.missions),
            annee_du_plan=annee_du_plan,
            crise_survenue=crise_survenue,
            missions_absentes_a_zero=True,
            taux_crise=taux_crise,
            options=options,
        )
        for bareme in (bareme_a, bareme_b)
    )
    return Comparaison(a=a, b=b, lignes=_aligner(a, b))


def _atteinte_connue(atteinte: Atteinte, missions: Iterable[str]) -> Atteinte:
    """Un taux par mission ne garde que les missions du texte : l'autre texte peut en avoir d'autres."""
    if isinstance(atteinte, Decimal | int):
        return atteinte
    connues = set(missions)
    return {code: taux for code, taux in atteinte.items() if code in connues}


def _aligner(a: Financement, b: Financement) -> tuple[LigneComparee, ...]:
    ordre = referentiel().ordre_missions
    lignes_a = {(ligne.mission, ligne.volet): ligne for ligne in a.lignes}
    lignes_b = {(ligne.mission, ligne.volet): ligne for ligne in b.lignes}
    cles = sorted(dict.fromkeys([*lignes_b, *lignes_a]), key=lambda cle: ordre[cle[0]])
    zero = Decimal("0.00")
    comparees = []
    for cle in cles:
        ligne = lignes_b.get(cle) or lignes_a[cle]
        comparees.append(
            LigneComparee(
                mission=ligne.mission,
                volet=ligne.volet,
                libelle_mission=ligne.libelle_mission,
                libelle_volet=ligne.libelle_volet,
                montant_a=lignes_a[cle].montant if cle in lignes_a else zero,
                montant_b=lignes_b[cle].montant if cle in lignes_b else zero,
            )
        )
    return tuple(comparees)
