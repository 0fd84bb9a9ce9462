import datetime

from cpts.dossiers.enums import Etape, Instance, TransitionEtape
from cpts.dossiers.models import Cpts, DecisionEtape
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

VERS = {
    TransitionEtape.DEPOSER_PRE_PROJET: Etape.LETTRE_INTENTION,
    TransitionEtape.VALIDER_PRE_PROJET: Etape.PRE_PROJET_VALIDE,
    TransitionEtape.DEPOSER_PROJET_SANTE: Etape.PROJET_SANTE_DEPOSE,
    TransitionEtape.VALIDER_PROJET_SANTE: Etape.PROJET_SANTE_VALIDE,
    TransitionEtape.SIGNER_CONTRAT: Etape.CONTRAT_SIGNE,
}


def projet_avec_historique(
    depuis: datetime.date, decisions: list[tuple[TransitionEtape, datetime.date]], **champs: object
) -> Cpts:
    """Un projet engagé à `depuis`, avec ses décisions d'étape datées (reprise d'historique)."""
    cpts = CptsFactory(dynamique_depuis=depuis, **champs)
    agent = UtilisateurFactory(agent_ars_region=True)
    etape = Etape.DYNAMIQUE
    for transition, date in decisions:
        DecisionEtape.objects.create(
            cpts=cpts,
            transition=transition,
            etape_avant=etape,
            etape_apres=VERS[transition],
            date=date,
            instance=Instance.ARS,
            enregistre_par=agent,
        )
        etape = VERS[transition]
    cpts.etape = etape
    cpts.save(update_fields=["etape"])
    return cpts
