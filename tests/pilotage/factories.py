import datetime

from cpts.dossiers.enums import Etape, Instance, TransitionEtape
from cpts.dossiers.etapes import TRANSITIONS
from cpts.dossiers.models import Cpts, DecisionEtape
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory


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
            etape_apres=TRANSITIONS[transition].vers,
            date=date,
            instance=Instance.ARS,
            enregistre_par=agent,
        )
        etape = TRANSITIONS[transition].vers
    cpts.etape = etape
    cpts.save(update_fields=["etape"])
    return cpts
