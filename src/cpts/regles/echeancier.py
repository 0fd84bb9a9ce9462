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
Aucun texte lu ne le dit : c'est notre lecture, paramètre daté `annee_a_cheval` des textes, et chaque
versement d'une année à cheval sur l'entrée en vigueur d'un texte le rappelle (`lecture`).

Le volet variable de la mission crise est dû l'année où une crise sanitaire grave est déclarée, à son
propre taux (100 % sauf décision contraire) : l'atteinte des objectifs n'y joue pas. Les enveloppes
conditionnelles (`options`) ne sont dues qu'à partir de la date où le contrat les ouvre.
"""

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from cpts.regles.avertissements import crise_manquante, montant_non_verifie, socles_manquants
from cpts.regles.bareme import OPTIONS, Bareme, ReglesVersement, Volet
from cpts.regles.dates import ajouter_mois, anniversaire, jour_fr
from cpts.regles.erreurs import EntreeInvalide
from cpts.regles.montants import (
    UN,
    Atteinte,
    arrondi,
    coefficient_majoration,
    conditions_remplies,
    montant_de_base,
    options_valides,
    taux_du_volet,
    taux_par_mission,
    taux_valide,
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
    options: Mapping[str, date] = field(default_factory=dict)
    """Enveloppes conditionnelles choisies (`snp-compensation`…) et la date d'où chacune est due."""


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
    texte: str = ""
    """Le code du texte qui fixe le montant (aci-2019, avenant-2…)."""
    lecture: str = ""
    """Non vide quand le texte retenu repose sur notre lecture (année à cheval sur deux textes)."""
    verifie: bool = True
    """Faux quand le montant vient d'un paramètre non vérifié au texte publié."""


def echeancier(
    contrat: Contrat,
    *,
    atteinte: Atteinte = UN,
    atteintes_par_annee: Mapping[int, Atteinte] | None = None,
    crises_survenues: Collection[int] | Mapping[int, Decimal | int] = (),
    texte: str | None = None,
) -> tuple[Versement, ...]:
    """Tous les versements du contrat sur sa durée, rangés par date d'exigibilité.

    `atteinte` vaut pour toutes les années, sauf celles que donne `atteintes_par_annee` ; elle ne
    joue que sur les volets « actions et résultats ». `crises_survenues` : les années de contrat où
    une crise sanitaire grave a été déclarée, ou pour chacune le taux retenu (100 % pour une simple
    liste d'années). `texte` impose un texte à toutes les années (simulation).
    """
    calendrier = _Calendrier(contrat, texte)
    par_annee = dict(atteintes_par_annee or {})
    crises = _crises(crises_survenues)
    for annee in [*par_annee, *crises]:
        if isinstance(annee, bool) or not isinstance(annee, int) or not 1 <= annee <= calendrier.duree:
            raise EntreeInvalide(f"année de contrat « {annee} » hors du contrat (1 à {calendrier.duree})")
    taux = {
        annee: taux_par_mission(par_annee.get(annee, atteinte), contrat.missions)
        for annee in range(1, calendrier.duree + 1)
    }
    versements = [
        versement
        for versement in (*calendrier.fonctionnement(), *calendrier.missions(taux, crises))
        if versement.montant
    ]
    ordre = referentiel().ordre_missions
    versements.sort(key=lambda v: (v.du_le, v.annee_contrat, ordre[v.mission]))
    return tuple(versements)


def _crises(crises: Collection[int] | Mapping[int, Decimal | int]) -> dict[int, Decimal]:
    if isinstance(crises, Mapping):
        return {
            annee: taux_valide(taux, None, quoi=f"taux de la crise de l'année {annee}")
            for annee, taux in crises.items()
        }
    return dict.fromkeys(crises, UN)


def avertissements_echeancier(
    contrat: Contrat,
    *,
    texte: str | None = None,
    missions_par_annee: Mapping[int, Collection[str]] | None = None,
    versements: Sequence[Versement] | None = None,
) -> tuple[str, ...]:
    """Ce que l'échéancier d'un contrat doit dire avec ses montants : missions socles manquantes à la
    signature, mission crise absente une fois l'avenant 2 applicable, montants non vérifiés au texte,
    années à cheval sur deux textes (notre lecture).

    `missions_par_annee` : les missions au contrat chaque année, quand des avenants les changent (sinon
    celles de `contrat`) ; `versements` : l'échéancier déjà calculé, pour ne pas le refaire."""
    versements = echeancier(contrat, texte=texte) if versements is None else versements
    calendrier = _Calendrier(contrat, texte)
    missions_signature = set(contrat.missions if missions_par_annee is None else missions_par_annee.get(1, ()))
    phrases = socles_manquants(calendrier.bareme(contrat.signature), missions_signature)
    crise = crise_absente(contrat, texte=texte, missions_par_annee=missions_par_annee)
    if crise is not None:
        phrases.append(crise[1])
    phrases.extend(_sans_doublon(_non_verifie(versement) for versement in versements if not versement.verifie))
    phrases.extend(sorted({versement.lecture for versement in versements if versement.lecture}))
    return tuple(phrases)


def crise_absente(
    contrat: Contrat, *, texte: str | None = None, missions_par_annee: Mapping[int, Collection[str]] | None = None
) -> tuple[date, str] | None:
    """Un contrat signé sous un texte sans mission crise, auquel elle manque la première année ouverte sous un
    texte qui en fait une mission socle (avenant 2) : le début de cette année et la phrase qui le dit."""
    calendrier = _Calendrier(contrat, texte)
    if "crise" in calendrier.bareme(contrat.signature).missions:
        return None
    for annee in range(2, calendrier.duree + 1):
        debut = calendrier.anniversaires[annee - 1]
        bareme = calendrier.bareme(debut)
        missions = set(contrat.missions if missions_par_annee is None else missions_par_annee.get(annee, ()))
        if "crise" in bareme.missions and "crise" not in missions:
            return debut, crise_manquante(bareme, debut)
    return None


def _non_verifie(versement: Versement) -> str:
    mission = referentiel().bareme(versement.texte).missions[versement.mission]
    volet = next(volet for volet in mission.volets if volet.code == versement.volet)
    return montant_non_verifie(mission, volet)


def _sans_doublon(phrases: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(phrases))


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
        options_valides(list(contrat.options))
        for code, depuis in contrat.options.items():
            if depuis < contrat.signature:
                raise EntreeInvalide(
                    f"l'option « {code} » est ouverte le {jour_fr(depuis)},"
                    f" avant la signature du {jour_fr(contrat.signature)}"
                )
        self.options = {OPTIONS[code]: depuis for code, depuis in contrat.options.items()}
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

    def debut_du_volet(self, volet: Volet, periode: date) -> date:
        """Le début de la période pour ce volet : une enveloppe conditionnelle attend son ouverture."""
        if volet.si in self.options:
            return max(periode, self.options[volet.si])
        return periode

    def lecture(self, periode: date, fin: date, bareme: Bareme) -> str:
        """La phrase qui signale une période à cheval sur l'entrée en vigueur d'un autre texte."""
        if self.texte is not None:
            return ""
        suivant = self.textes.texte_en_vigueur(fin - timedelta(days=1))
        if suivant.code == bareme.texte.code or bareme.annee_a_cheval is None:
            return ""
        regle = bareme.annee_a_cheval
        note = f" {regle.note}" if regle.note else ""
        return (
            f"Période du {jour_fr(periode)} au {jour_fr(fin)} à cheval sur l'entrée en vigueur du texte"
            f" {suivant.libelle} le {jour_fr(suivant.en_vigueur_le)} : montants du texte {bareme.texte.libelle}.{note}"
        )

    def fonctionnement(self) -> Iterator[Versement]:
        conditions = conditions_remplies(
            annee_du_plan="premiere", crise_survenue=False, fonctionnement_additionnel=False
        ) | frozenset(self.options)
        for annee in range(1, self.duree + 1):
            debut, fin = self.anniversaires[annee - 1], self.anniversaires[annee]
            bareme = self.bareme(debut)
            mission = bareme.missions["fonctionnement"]
            lecture = self.lecture(debut, fin, bareme)
            for volet in volets_dus(mission, conditions):
                periode = self.debut_du_volet(volet, debut)
                if periode >= fin:
                    continue
                annuel = montant_de_base(bareme, debut, self.contrat.taille, volet)
                base = arrondi(annuel * (fin - periode).days / (fin - debut).days)
                regles = bareme.regles_versement(debut)
                infos = (bareme, lecture)
                if self.premier_demarrage is None or self.premier_demarrage > periode:
                    yield self._versement(
                        annee, "fonctionnement", volet, "integral", base, base, periode, regles, infos
                    )
                else:
                    yield from self._avance_et_solde(annee, "fonctionnement", volet, base, periode, fin, regles, infos)

    def missions(self, taux: Mapping[int, Mapping[str, Decimal]], crises: Mapping[int, Decimal]) -> Iterator[Versement]:
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
                ) | frozenset(self.options)
                longueur = (fin - debut).days
                majoration = coefficient_majoration(bareme, periode, self.contrat.taille, self.contrat.membres, code)
                regles = bareme.regles_versement(periode)
                infos = (bareme, self.lecture(periode, fin, bareme))
                for volet in volets_dus(bareme.missions[code], conditions):
                    debut_volet = self.debut_du_volet(volet, periode)
                    if debut_volet >= fin:
                        continue
                    jours = (fin - debut_volet).days
                    annuel = montant_de_base(bareme, periode, self.contrat.taille, volet) * majoration
                    if volet.nature == "variable":
                        coefficient = taux_du_volet(volet, taux[annee][code], crises.get(annee, UN))
                        montant = arrondi(annuel * coefficient * jours / longueur)
                        yield self._versement(annee, code, volet, "solde", montant, montant, fin, regles, infos)
                    else:
                        base = arrondi(annuel * jours / longueur)
                        yield from self._avance_et_solde(annee, code, volet, base, debut_volet, fin, regles, infos)

    def _avance_et_solde(
        self,
        annee: int,
        mission: str,
        volet: Volet,
        base: Decimal,
        debut: date,
        fin: date,
        regles: ReglesVersement,
        infos: tuple[Bareme, str],
    ) -> Iterator[Versement]:
        avance = arrondi(base * regles.taux_avance)
        yield self._versement(annee, mission, volet, "avance", avance, base, debut, regles, infos)
        yield self._versement(annee, mission, volet, "solde", base - avance, base, fin, regles, infos)

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
        infos: tuple[Bareme, str],
    ) -> Versement:
        """`infos` : le barème qui fixe le montant et, s'il y a lieu, la lecture sur laquelle il repose."""
        bareme, lecture = infos
        au_plus_tard = ajouter_mois(du_le, regles.delai_paiement_mois)
        return Versement(
            annee,
            mission,
            volet.code,
            nature,
            montant,
            du_le,
            au_plus_tard,
            base,
            texte=bareme.texte.code,
            lecture=lecture,
            verifie=volet.montants.verifie,
        )
