"""Deux contrats de démonstration, repris du tableau publié des contrats signés en Auvergne-Rhône-Alpes (seed 003,
« FOCUS CONTRATS ACI SIGNES ») : Monts du Lyonnais (05/10/2020, taille 2) et Vénissieux (24/09/2019, taille 2).

Le tableau ne donne ni la population, ni les dates de démarrage des missions, ni les versements : les missions socles
de l'ACI 2019 démarrent ici à la signature, et les échéances fixes passées au 1er juin 2021 (date de l'état des lieux)
sont payées par l'agent CPAM de démonstration, au travers des contrôles ordinaires. Relancer ne crée rien de plus.
"""

import datetime

from cpts.comptes.models import Utilisateur
from cpts.contrats import paiements, services
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.dossiers.enums import Etape, Instance, TransitionEtape
from cpts.dossiers.models import Cpts, DecisionEtape

SOURCE = "Tableau des contrats ACI signés en Auvergne-Rhône-Alpes (CPR du 9 juin 2021, seed 003)"
ETAT_DES_LIEUX = datetime.date(2021, 6, 1)

CONTRATS_DEMO = (
    ("Monts du Lyonnais", "69", datetime.date(2020, 10, 5), 2),
    ("Vénissieux", "69", datetime.date(2019, 9, 24), 2),
)
MISSIONS_ACI_2019 = ("acces", "parcours", "prevention")


def _decision_historique(cpts: Cpts, signature: datetime.date, agent: Utilisateur) -> None:
    """La signature au dossier, reprise de l'historique publié (le projet a franchi ses étapes hors plateforme)."""
    if cpts.etape == Etape.CONTRAT_SIGNE:
        return
    DecisionEtape.objects.create(
        cpts=cpts,
        transition=TransitionEtape.SIGNER_CONTRAT,
        etape_avant=cpts.etape,
        etape_apres=Etape.CONTRAT_SIGNE,
        date=signature,
        instance=Instance.ARS_CPAM,
        motif=f"Reprise : {SOURCE}.",
        enregistre_par=agent,
    )
    cpts.etape, cpts.etape_depuis = Etape.CONTRAT_SIGNE, signature
    cpts._history_user = agent
    cpts.save(update_fields=["etape", "etape_depuis"])


def _payer_jusqu_au(contrat: object, agent: Utilisateur, jusqu_au: datetime.date) -> None:
    for ligne in echeancier_du_contrat(contrat).lignes:
        if ligne.payable > 0 and ligne.du_le <= jusqu_au:
            paiements.enregistrer_paiement(
                contrat,
                agent,
                annee=ligne.annee,
                mission=ligne.mission,
                volet=ligne.volet,
                nature=ligne.nature,
                montant=ligne.payable,
                date=ligne.du_le,
                reference=f"DEMO-{contrat.cpts_id}-{ligne.identifiant}",
            )


def creer_contrats() -> int:
    agent = Utilisateur.objects.filter(username="agent.cpam").first()
    if agent is None:
        return 0
    crees = 0
    for nom, departement, signature, taille in CONTRATS_DEMO:
        cpts = Cpts.objects.filter(nom=nom, departement=departement).first()
        if cpts is None or cpts.contrats.exists():
            continue
        _decision_historique(cpts, signature, agent)
        contrat = services.reprendre_contrat(
            cpts,
            agent,
            signature=signature,
            taille_publiee=taille,
            missions_choisies=dict.fromkeys(MISSIONS_ACI_2019, signature),
        )
        _payer_jusqu_au(contrat, agent, ETAT_DES_LIEUX)
        crees += 1
    return crees
