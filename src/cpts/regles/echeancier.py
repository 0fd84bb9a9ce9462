"""Échéancier d'un contrat : chaque versement, son année de contrat, son montant et ses dates.

Règles (guide ARS AuRA, « LES MODALITÉS DE VERSEMENT » ; rapport du Sénat r25-032 pour le prorata) :
- fonctionnement : tant qu'aucune mission n'a démarré, l'année est versée en intégralité à son début
  (à la signature la première année) ; ensuite avance de 75 % au début de l'année, solde à la fin ;
- volets fixes d'une mission : avance de 75 % à son démarrage, sur le montant ramené au temps qui
  reste jusqu'au prochain anniversaire, puis avance de 75 % à chaque anniversaire et solde de l'année
  écoulée au plus tard deux mois après l'anniversaire ;
- volets variables : un solde par année, selon le taux d'atteinte, au plus tard deux mois après
  l'anniversaire qui clôt l'année.

Chaque période (une année de contrat, ou sa fin à partir du démarrage d'une mission) suit le texte
en vigueur le jour où elle commence : l'année reste régie par le texte sous lequel elle s'est ouverte.
"""

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from cpts.regles.bareme import Bareme, ReglesVersement, Volet
from cpts.regles.dates import ajouter_mois, anniversaire, jour_fr
from cpts.regles.erreurs import EntreeInvalide
from cpts.regles.montants import (
    UN,
    Atteinte,
    arrondi,
    coefficient_majoration,
    conditions_remplies,
    montant_de_base,
    taux_par_mission,
    verifier_membres,
    verifier_taille,
    volets_dus,
)
from cpts.regles.parametres import referentiel

NatureVersement = Literal["integral", "avance", "solde"]


@dataclass(frozen=True, slots=True)
class Contrat:
    signature: date
    taille: int
    missions: Mapping[str, date] = field(default_factory=dict)
    """Date de démarrage de chaque mission choisie ; le fonctionnement n'en est pas une."""
    membres: int = 0


@dataclass(frozen=True, slots=True)
class Versement:
    annee_contrat: int
    """L'année de contrat que le montant finance : un solde versé après un anniversaire appartient
    à l'année qu'il clôt."""
    mission: str
    volet: str
    nature: NatureVersement
    montant: Decimal
    du_le: date
    au_plus_tard: date
    base: Decimal
    """Le montant de l'année (ramené au prorata la première année d'une mission) dont l'avance et le
    solde sont les deux parts."""


def echeancier(
    contrat: Contrat,
    *,
    atteinte: Atteinte = UN,
    atteintes_par_annee: Mapping[int, Atteinte] | None = None,
    crises_survenues: Collection[int] = (),
    texte: str | None = None,
) -> tuple[Versement, ...]:
    """Tous les versements du contrat sur sa durée, rangés par date d'exigibilité.

    `atteinte` vaut pour toutes les années, sauf celles que donne `atteintes_par_annee` ;
    `crises_survenues` liste les années de contrat où une crise sanitaire grave est survenue.
    `texte` impose un texte à toutes les années (simulation).
    """
    calendrier = _Calendrier(contrat, texte)
    par_annee = dict(atteintes_par_annee or {})
    for annee in [*par_annee, *crises_survenues]:
        if isinstance(annee, bool) or not isinstance(annee, int) or not 1 <= annee <= calendrier.duree:
            raise EntreeInvalide(f"année de contrat « {annee} » hors du contrat (1 à {calendrier.duree})")
    taux = {
        annee: taux_par_mission(par_annee.get(annee, atteinte), contrat.missions)
        for annee in range(1, calendrier.duree + 1)
    }
    versements = [
        versement
        for versement in (*calendrier.fonctionnement(), *calendrier.missions(taux, frozenset(crises_survenues)))
        if versement.montant
    ]
    ordre = referentiel().ordre_missions
    versements.sort(key=lambda v: (v.du_le, v.annee_contrat, ordre[v.mission]))
    return tuple(versements)


class _Calendrier:
    """Un contrat validé, ses anniversaires et le barème de chaque période."""

    def __init__(self, contrat: Contrat, texte: str | None) -> None:
        self.contrat = contrat
        self.texte = texte
        self.textes = referentiel()
        premier = self.textes.financiers[0]
        if contrat.signature < premier.en_vigueur_le:
            raise EntreeInvalide(
                f"signature du {jour_fr(contrat.signature)} antérieure au premier texte, {premier.libelle},"
                f" en vigueur le {jour_fr(premier.en_vigueur_le)}"
            )
        a_la_signature = self.textes.bareme_au(contrat.signature, texte)
        self.duree = a_la_signature.regles_versement(contrat.signature).duree_contrat_annees
        self.anniversaires = [anniversaire(contrat.signature, annee) for annee in range(self.duree + 1)]
        verifier_taille(a_la_signature, contrat.signature, contrat.taille)
        verifier_membres(contrat.membres)
        for code, demarrage in contrat.missions.items():
            self._verifier_demarrage(code, demarrage)
        self.premier_demarrage = min(contrat.missions.values(), default=None)

    def _verifier_demarrage(self, code: str, demarrage: date) -> None:
        if code == "fonctionnement":
            raise EntreeInvalide("le fonctionnement est versé dès la signature : ce n'est pas une mission à dater")
        if code not in self.textes.ordre_missions:
            raise EntreeInvalide(f"mission « {code} » inconnue ({', '.join(self.textes.ordre_missions)})")
        if demarrage < self.contrat.signature:
            raise EntreeInvalide(
                f"la mission « {code} » démarre le {jour_fr(demarrage)},"
                f" avant la signature du {jour_fr(self.contrat.signature)}"
            )
        if demarrage >= self.anniversaires[-1]:
            raise EntreeInvalide(
                f"la mission « {code} » démarre le {jour_fr(demarrage)},"
                f" après la fin du contrat le {jour_fr(self.anniversaires[-1])}"
            )
        bareme = self.bareme(demarrage)
        if code not in bareme.missions:
            raise EntreeInvalide(
                f"la mission « {code} » n'existe pas dans le texte {bareme.texte.libelle},"
                f" en vigueur à son démarrage le {jour_fr(demarrage)}"
            )

    def bareme(self, le: date) -> Bareme:
        return self.textes.bareme_au(le, self.texte)

    def fonctionnement(self) -> Iterator[Versement]:
        sans_option = conditions_remplies(
            annee_du_plan="premiere", crise_survenue=False, fonctionnement_additionnel=False
        )
        for annee in range(1, self.duree + 1):
            debut, fin = self.anniversaires[annee - 1], self.anniversaires[annee]
            bareme = self.bareme(debut)
            mission = bareme.missions["fonctionnement"]
            for volet in volets_dus(mission, sans_option):
                base = arrondi(montant_de_base(bareme, debut, self.contrat.taille, volet))
                regles = bareme.regles_versement(debut)
                if self.premier_demarrage is None or self.premier_demarrage > debut:
                    yield self._versement(annee, "fonctionnement", volet, "integral", base, base, debut, regles)
                else:
                    yield from self._avance_et_solde(annee, "fonctionnement", volet, base, debut, fin, regles)

    def missions(self, taux: Mapping[int, Mapping[str, Decimal]], crises: frozenset[int]) -> Iterator[Versement]:
        for code, demarrage in self.contrat.missions.items():
            premiere_annee_financee: int | None = None
            for annee in range(1, self.duree + 1):
                debut, fin = self.anniversaires[annee - 1], self.anniversaires[annee]
                if demarrage >= fin:
                    continue
                periode = max(demarrage, debut)
                bareme = self.bareme(periode)
                if code not in bareme.missions:
                    continue
                premiere_annee_financee = premiere_annee_financee or annee
                conditions = conditions_remplies(
                    annee_du_plan="premiere" if annee == premiere_annee_financee else "suivante",
                    crise_survenue=annee in crises,
                    fonctionnement_additionnel=False,
                )
                jours, longueur = (fin - periode).days, (fin - debut).days
                majoration = coefficient_majoration(bareme, periode, self.contrat.taille, self.contrat.membres, code)
                regles = bareme.regles_versement(periode)
                for volet in volets_dus(bareme.missions[code], conditions):
                    annuel = montant_de_base(bareme, periode, self.contrat.taille, volet) * majoration
                    if volet.nature == "variable":
                        montant = arrondi(annuel * taux[annee][code] * jours / longueur)
                        yield self._versement(annee, code, volet, "solde", montant, montant, fin, regles)
                    else:
                        base = arrondi(annuel * jours / longueur)
                        yield from self._avance_et_solde(annee, code, volet, base, periode, fin, regles)

    def _avance_et_solde(
        self, annee: int, mission: str, volet: Volet, base: Decimal, debut: date, fin: date, regles: ReglesVersement
    ) -> Iterator[Versement]:
        avance = arrondi(base * regles.taux_avance)
        yield self._versement(annee, mission, volet, "avance", avance, base, debut, regles)
        yield self._versement(annee, mission, volet, "solde", base - avance, base, fin, regles)

    def _versement(
        self,
        annee: int,
        mission: str,
        volet: Volet,
        nature: NatureVersement,
        montant: Decimal,
        base: Decimal,
        du_le: date,
        regles: ReglesVersement,
    ) -> Versement:
        au_plus_tard = ajouter_mois(du_le, regles.delai_paiement_mois)
        return Versement(annee, mission, volet.code, nature, montant, du_le, au_plus_tard, base)
