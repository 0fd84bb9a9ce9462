"""Les alertes du suivi des contrats, pour la page des alertes et le résumé quotidien (`cpts alertes`).

- démarrage ou déploiement complet d'une mission : date limite passée, ou dans le mois (≈ 30 jours) qui vient
  (délais des règles, `cpts.regles.alertes_delais`) ;
- versements exigibles non payés : à payer au plus tard deux mois après l'échéance (l'anniversaire pour les
  soldes), en retard au-delà ; trop-perçus ;
- valeurs d'indicateurs manquantes avant le dialogue de gestion : l'année finit dans les 30 jours (ou est finie)
  et son dialogue n'est pas tenu ;
- contrat qui prend fin dans les six mois (paramètre `horizon_alerte_fin_mois`, `renouvellement.yaml`), sauf s'il
  est déjà renouvelé ;
- emploi des fonds (`cpts.comptabilite.alertes`) : comptes non déposés, réserves, indemnités au-delà du plafond ;
- contrat signé avant l'avenant 2 auquel manque, une fois l'avenant applicable, la mission socle crises sanitaires
  graves (un avenant au contrat doit l'ajouter).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from cpts.affichage import montant
from cpts.comptabilite.alertes import alertes_emploi_des_fonds
from cpts.contrats.echeancier import Echeancier, crise_manquante_depuis, echeancier_du_contrat
from cpts.contrats.enums import Niveau, StatutLigne, TypeAlerte
from cpts.contrats.lus import ContratLu
from cpts.contrats.missions import libelle_mission
from cpts.contrats.models import Contrat, MissionContrat
from cpts.contrats.prechargement import dialogues_de
from cpts.contrats.renouvellement import dernier_contrat, horizon_alerte_fin_mois
from cpts.regles import SuiviMission, alertes_delais
from cpts.regles.dates import ajouter_mois, jour_fr

HORIZON_MISSIONS_MOIS = 1
HORIZON_VALEURS_JOURS = 30
# La réunion annuelle se tient dans les deux mois après l'anniversaire ([urps-med-aura-guide-2022], 5.2).
DELAI_DIALOGUE_MOIS = 2


@dataclass(frozen=True)
class Alerte:
    contrat: Contrat | ContratLu
    """Le contrat entier quand l'alerte est calculée ; ce que les listes en montrent, lue de l'état gardé."""
    type: TypeAlerte
    niveau: Niveau
    echeance: date
    message: str
    echeance_du_jour: bool = False
    """L'échéance est le jour demandé (trop-perçu sur une ligne que les termes ne prévoient plus)."""

    @property
    def libelle_type(self) -> str:
        return self.type.label

    @property
    def libelle_niveau(self) -> str:
        return self.niveau.label

    @property
    def en_retard(self) -> bool:
        return self.niveau == Niveau.EN_RETARD


def _missions(contrat: Contrat, echeancier: Echeancier, le: date) -> list[Alerte]:
    if le >= contrat.fin:
        return []
    actuelles = set(echeancier.termes.missions_actuelles(le))
    suivis = {
        mission.mission: SuiviMission(demarree_le=mission.demarrage, deployee_le=mission.deploiement)
        for mission in contrat.missions.all()
        if mission.mission in actuelles
    }
    alertes = []
    for alerte in alertes_delais(contrat.signature, suivis, le, horizon_mois=HORIZON_MISSIONS_MOIS):
        etape = "démarrage" if alerte.etape == "demarrage" else "déploiement complet"
        retard = alerte.statut == "en_retard"
        alertes.append(
            Alerte(
                contrat=contrat,
                type=TypeAlerte.DEMARRAGE if alerte.etape == "demarrage" else TypeAlerte.DEPLOIEMENT,
                niveau=Niveau.EN_RETARD if retard else Niveau.BIENTOT,
                echeance=alerte.au_plus_tard,
                message=f"Mission {libelle_mission(alerte.mission)} : {etape} attendu au plus tard le "
                f"{jour_fr(alerte.au_plus_tard)}" + (", date dépassée." if retard else "."),
            )
        )
    return alertes


def _versements(contrat: Contrat, echeancier: Echeancier, le: date) -> list[Alerte]:
    groupes: dict[tuple[date, date, bool], list] = defaultdict(list)
    alertes = []
    for ligne in echeancier.lignes:
        if ligne.statut == StatutLigne.TROP_PERCU:
            alertes.append(
                Alerte(
                    contrat=contrat,
                    type=TypeAlerte.TROP_PERCU,
                    niveau=Niveau.EN_RETARD,
                    echeance=ligne.du_le or le,
                    echeance_du_jour=ligne.du_le is None,
                    message=f"{ligne.libelle} : {montant(ligne.paye - ligne.montant, centimes=True)} versés au-delà "
                    "du dû (à régulariser).",
                )
            )
        elif ligne.statut in (StatutLigne.EXIGIBLE, StatutLigne.EN_RETARD, StatutLigne.EN_ATTENTE):
            groupes[(ligne.du_le, ligne.au_plus_tard, ligne.statut == StatutLigne.EN_ATTENTE)].append(ligne)
    for (du_le, au_plus_tard, en_attente), lignes in sorted(groupes.items()):
        total = sum((ligne.restant for ligne in lignes), Decimal("0.00"))
        retard = au_plus_tard < le
        nombre = f"{len(lignes)} ligne{'s' if len(lignes) > 1 else ''}"
        if en_attente:
            message = (
                f"Solde variable exigible le {jour_fr(du_le)} ({nombre}, jusqu'à {montant(total, centimes=True)}) : "
                f"l'atteinte n'est pas retenue ; à payer au plus tard le {jour_fr(au_plus_tard)}."
            )
        else:
            message = (
                f"{montant(total, centimes=True)} exigibles depuis le {jour_fr(du_le)} ({nombre}), à payer au plus "
                f"tard le {jour_fr(au_plus_tard)}" + (" : délai dépassé." if retard else ".")
            )
        alertes.append(
            Alerte(
                contrat=contrat,
                type=TypeAlerte.VERSEMENT,
                niveau=Niveau.EN_RETARD if retard else Niveau.BIENTOT,
                echeance=au_plus_tard,
                message=message,
            )
        )
    return alertes


def _valeurs(contrat: Contrat, echeancier: Echeancier, le: date) -> list[Alerte]:
    termes = echeancier.termes
    tenus = {dialogue.annee for dialogue in dialogues_de(contrat)}
    # Les atteintes que l'échéancier a déjà calculées pour ses taux : les indicateurs ne sont pas relus.
    calculees = echeancier.atteintes
    alertes = []
    for annee in termes.annees:
        fin = termes.fin(annee)
        if annee in tenus or fin - timedelta(days=HORIZON_VALEURS_JOURS) > le:
            continue
        manquants = [
            (mission, atteinte.manquants)
            for (annee_, mission), atteinte in calculees.items()
            if annee_ == annee and atteinte.manquants
        ]
        if not manquants:
            continue
        limite = ajouter_mois(fin, DELAI_DIALOGUE_MOIS)
        detail = " ; ".join(f"{libelle_mission(mission)} : {', '.join(noms)}" for mission, noms in manquants)
        alertes.append(
            Alerte(
                contrat=contrat,
                type=TypeAlerte.VALEURS,
                niveau=Niveau.EN_RETARD if le > limite else Niveau.BIENTOT,
                echeance=limite,
                message=f"Année {annee} (finit le {jour_fr(fin)}), dialogue de gestion au plus tard le "
                f"{jour_fr(limite)} : cible ou valeur manquante pour {detail}.",
            )
        )
    return alertes


def _socle_crise(contrat: Contrat, echeancier: Echeancier, le: date) -> list[Alerte]:
    """La même phrase que l'avertissement de l'échéancier, datée du début de la première année sous l'avenant."""
    if le >= contrat.fin:
        return []
    return [
        Alerte(contrat=contrat, type=TypeAlerte.SOCLE, niveau=Niveau.EN_RETARD, echeance=depuis, message=phrase)
        for depuis, phrase in crise_manquante_depuis(echeancier.termes)
        if depuis <= le
    ]


def _fin(contrat: Contrat, le: date) -> list[Alerte]:
    if not ajouter_mois(contrat.fin, -horizon_alerte_fin_mois(contrat.fin)) <= le < contrat.fin:
        return []
    if not dernier_contrat(contrat):
        return []
    return [
        Alerte(
            contrat=contrat,
            type=TypeAlerte.FIN,
            niveau=Niveau.BIENTOT,
            echeance=contrat.fin,
            message=f"Le contrat prend fin le {jour_fr(contrat.fin)} : préparer son renouvellement.",
        )
    ]


def _emploi_des_fonds(contrat: Contrat, le: date) -> list[Alerte]:
    """Comptes non déposés, réserves au-delà du seuil, indemnités au-delà du plafond (`cpts.comptabilite`)."""
    return [
        Alerte(contrat, type_, Niveau.EN_RETARD if retard else Niveau.BIENTOT, echeance, message)
        for type_, retard, echeance, message in alertes_emploi_des_fonds(contrat, le)
    ]


def alertes_du_contrat(contrat: Contrat, le: date, echeancier: Echeancier | None = None) -> list[Alerte]:
    echeancier = echeancier or echeancier_du_contrat(contrat, le)
    alertes = [
        *_missions(contrat, echeancier, le),
        *_versements(contrat, echeancier, le),
        *_valeurs(contrat, echeancier, le),
        *_socle_crise(contrat, echeancier, le),
        *_fin(contrat, le),
        *_emploi_des_fonds(contrat, le),
    ]
    return sorted(alertes, key=lambda a: (not a.en_retard, a.echeance))


def alertes(contrats: QuerySet[Contrat] | Iterable[Contrat], le: date) -> list[Alerte]:
    """Les alertes de plusieurs contrats : en retard d'abord, puis par date limite."""
    toutes = [alerte for contrat in contrats for alerte in alertes_du_contrat(contrat, le)]
    return sorted(toutes, key=lambda a: (not a.en_retard, a.echeance, a.contrat.cpts.nom))


def demarrages_tardifs(contrat: Contrat, le: date, missions: Iterable[MissionContrat] | None = None) -> list[str]:
    """Les missions dont le démarrage prévu dépasse le délai des règles : accepté, mais signalé tout de suite.
    `missions` : celles du contrat, déjà lues."""
    from cpts.regles import echeances_missions

    missions = contrat.missions.all() if missions is None else missions
    datees = {m.mission: m.demarrage for m in missions if m.demarrage and m.retiree_par_id is None}
    messages = []
    for echeance in echeances_missions(contrat.signature, datees, max(le, contrat.signature)):
        limite = echeance.demarrage_au_plus_tard
        if limite is not None and datees[echeance.mission] > limite:
            messages.append(
                f"Mission {libelle_mission(echeance.mission)} : démarrage prévu le "
                f"{jour_fr(datees[echeance.mission])}, après la date limite du {jour_fr(limite)}."
            )
    return messages
