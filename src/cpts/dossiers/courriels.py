"""Les courriels d'un dossier : demande de complément (à l'équipe projet), réponse (aux agents qui instruisent),
décision d'étape (à l'équipe projet). Appelés par les services, dans leur transaction ; l'auteur de l'action ne
reçoit pas le courriel de ce qu'il vient de faire.

L'équipe projet, ce sont les coordinateurs de la CPTS ; les agents qui instruisent, les agents ARS et CPAM dont le
périmètre couvre la CPTS (`cpts.comptes.droits`, action « instruire »).
"""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from cpts.comptes.droits import Action, autorise
from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import ROLES_AGENT
from cpts.dossiers.models import Cpts, DecisionEtape, DemandeComplement, ReponseDemande
from cpts.notifications.enums import TypeCourriel
from cpts.notifications.jetons import url_absolue
from cpts.notifications.services import programmer


def equipe(cpts: Cpts) -> list[Utilisateur]:
    return list(cpts.coordinateurs.filter(is_active=True).order_by("pk"))


def instructeurs(cpts: Cpts) -> list[Utilisateur]:
    agents = Utilisateur.objects.filter(role__in=ROLES_AGENT, is_active=True).order_by("pk")
    return [agent for agent in agents if autorise(agent, Action.INSTRUIRE, cpts)]


def _envoyer(
    destinataires: Iterable[Utilisateur],
    auteur: Any,
    *,
    cpts: Cpts,
    type_courriel: TypeCourriel,
    evenement: str,
    sujet: str,
    contexte: dict[str, object],
) -> None:
    comptes = [compte for compte in destinataires if compte.pk != getattr(auteur, "pk", None)]
    if not comptes:
        # Le cas des décisions reprises par l'import du portefeuille : une CPTS qui vient d'être créée n'a pas
        # d'équipe ; le lien (et le chargement des routes qu'il demande) ne sert à personne.
        return
    lien = url_absolue(reverse("dossiers:detail", args=[cpts.pk]))
    for compte in comptes:
        programmer(
            type_courriel=type_courriel,
            cle=f"{type_courriel}:{evenement}:{compte.pk}",
            sujet=sujet,
            gabarit=f"courriels/{type_courriel}",
            contexte={**contexte, "cpts": cpts, "lien_dossier": lien},
            compte=compte,
            objet=cpts,
        )


def complement_demande(demande: DemandeComplement) -> None:
    _envoyer(
        equipe(demande.cpts),
        demande.demandee_par,
        cpts=demande.cpts,
        type_courriel=TypeCourriel.COMPLEMENT_DEMANDE,
        evenement=f"demande:{demande.pk}",
        sujet=f"{demande.cpts.nom} : demande de complément « {demande.objet} »",
        contexte={"demande": demande},
    )


def reponse_donnee(reponse: ReponseDemande) -> None:
    demande = reponse.demande
    _envoyer(
        instructeurs(demande.cpts),
        reponse.auteur,
        cpts=demande.cpts,
        type_courriel=TypeCourriel.REPONSE_DONNEE,
        evenement=f"reponse:{reponse.pk}",
        sujet=f"{demande.cpts.nom} : réponse à la demande « {demande.objet} »",
        contexte={"demande": demande, "reponse": reponse},
    )


def decision_enregistree(decision: DecisionEtape) -> None:
    _envoyer(
        equipe(decision.cpts),
        decision.enregistre_par,
        cpts=decision.cpts,
        type_courriel=TypeCourriel.DECISION_ENREGISTREE,
        evenement=f"decision:{decision.pk}",
        sujet=f"{decision.cpts.nom} : {decision.get_transition_display().lower()}",
        contexte={"decision": decision},
    )
