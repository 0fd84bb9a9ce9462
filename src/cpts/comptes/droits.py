"""Le seul endroit qui décide : « cet utilisateur peut-il voir / modifier cet objet ? ».

Chaque modèle métier déclare un `Perimetre` : les chemins ORM qui le relient à sa région, à son
département et à sa CPTS. Les vues filtrent leurs listes par `filtrer` (ou `Modele.objects.visibles_par`)
et contrôlent chaque objet par `exiger` : la décision est la même requête dans les deux cas. Un objet hors du
périmètre est introuvable (404), exactement comme un objet absent ; un objet visible mais une action que le rôle
ne permet pas, refusée (403).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from cpts.comptes.roles import Role

if TYPE_CHECKING:
    from cpts.comptes.models import Utilisateur


class Action(StrEnum):
    VOIR = "voir"
    MODIFIER = "modifier"
    ARBITRER = "arbitrer"  # trancher un conflit de territoire entre deux CPTS
    # Instruire un dossier de CPTS : enregistrer les décisions d'étape, écrire et lire les notes privées
    # d'instruction, demander des compléments. L'équipe projet modifie ses documents mais ne décide pas des étapes.
    INSTRUIRE = "instruire"
    # Commission paritaire régionale (CPR) : secrétariat (DCGDR, annexe 5 de l'ACI, art. 1.1), vote des membres,
    # détail des votes (secret des délibérations : membres et secrétariat seulement).
    SECRETARIAT_CPR = "secretariat_cpr"
    VOTER_CPR = "voter_cpr"
    VOIR_VOTES_CPR = "voir_votes_cpr"
    # Contrats ACI (cpts.contrats) : enregistrer la signature et les avenants ; suivre le contrat (missions datées,
    # indicateurs et cibles, dialogue de gestion, atteinte retenue) ; déclarer les valeurs des indicateurs (l'équipe
    # de la CPTS le fait aussi) ; enregistrer les versements (l'Assurance Maladie paie : agent CPAM seulement).
    SIGNER_CONTRAT = "signer_contrat"
    SUIVRE_CONTRAT = "suivre_contrat"
    DECLARER_INDICATEURS = "declarer_indicateurs"
    PAYER = "payer"
    # Emploi des fonds (cpts.comptabilite) : l'équipe de la CPTS tient et dépose ses comptes ; elle et les agents qui
    # l'instruisent les lisent, noms des bénéficiaires d'indemnités compris ; les agrégats anonymes au-dessus de la
    # CPTS sont pour les agents et les lecteurs nationaux.
    TENIR_COMPTES = "tenir_comptes"
    VOIR_COMPTES = "voir_comptes"
    VOIR_EMPLOI_DES_FONDS = "voir_emploi_des_fonds"


class Portee(StrEnum):
    TOUT = "tout"
    PERIMETRE_AGENT = "perimetre_agent"  # sa région, ou ses départements
    REGION = "region"  # la région de l'utilisateur (membres de CPR)
    SES_CPTS = "ses_cpts"  # les CPTS auxquelles le coordinateur est rattaché


# (action, rôle) → portée ; une combinaison absente est refusée.
REGLES: dict[Action, dict[Role, Portee]] = {
    Action.VOIR: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.LECTEUR_NATIONAL: Portee.TOUT,
        Role.AGENT_ARS: Portee.PERIMETRE_AGENT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
        Role.MEMBRE_CPR: Portee.REGION,
        Role.COORDINATEUR: Portee.SES_CPTS,
    },
    Action.MODIFIER: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_ARS: Portee.PERIMETRE_AGENT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
        Role.COORDINATEUR: Portee.SES_CPTS,
    },
    Action.ARBITRER: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_ARS: Portee.PERIMETRE_AGENT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
    },
    Action.INSTRUIRE: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_ARS: Portee.PERIMETRE_AGENT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
    },
    # Le secrétariat de la CPR est la coordination régionale de la gestion du risque : un agent CPAM dont le
    # périmètre est la région (la commission n'a pas de département : un agent départemental n'y a pas accès).
    Action.SECRETARIAT_CPR: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
    },
    # Un membre de la CPR vote pour le siège auquel son compte est rattaché (contrôle fait par le service).
    Action.VOTER_CPR: {
        Role.MEMBRE_CPR: Portee.REGION,
    },
    Action.VOIR_VOTES_CPR: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
        Role.MEMBRE_CPR: Portee.REGION,
    },
    # Le contrat est tripartite : l'ARS et la CPAM l'enregistrent et le suivent ; la CPTS déclare ses valeurs.
    Action.SIGNER_CONTRAT: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_ARS: Portee.PERIMETRE_AGENT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
    },
    Action.SUIVRE_CONTRAT: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_ARS: Portee.PERIMETRE_AGENT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
    },
    Action.DECLARER_INDICATEURS: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_ARS: Portee.PERIMETRE_AGENT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
        Role.COORDINATEUR: Portee.SES_CPTS,
    },
    Action.PAYER: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
    },
    Action.TENIR_COMPTES: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.COORDINATEUR: Portee.SES_CPTS,
    },
    Action.VOIR_COMPTES: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.AGENT_ARS: Portee.PERIMETRE_AGENT,
        Role.AGENT_CPAM: Portee.PERIMETRE_AGENT,
        Role.COORDINATEUR: Portee.SES_CPTS,
    },
    Action.VOIR_EMPLOI_DES_FONDS: {
        Role.ADMINISTRATEUR: Portee.TOUT,
        Role.LECTEUR_NATIONAL: Portee.TOUT,
        Role.AGENT_ARS: Portee.TOUT,
        Role.AGENT_CPAM: Portee.TOUT,
    },
}

MESSAGES_REFUS = {
    Action.VOIR: "Vous n'avez pas accès à cette page.",
    Action.MODIFIER: "Vous ne pouvez pas modifier cet élément : il est hors de votre périmètre ou de votre rôle.",
    Action.ARBITRER: "Seul un agent ARS ou CPAM dont le périmètre couvre les deux CPTS peut arbitrer ce conflit.",
    Action.INSTRUIRE: "Seul un agent ARS ou CPAM dont le périmètre couvre la CPTS instruit son dossier.",
    Action.SECRETARIAT_CPR: "Seul le secrétariat de la commission (coordination régionale de l'Assurance Maladie) "
    "peut faire cette opération.",
    Action.VOTER_CPR: "Seuls les membres de la commission de cette région votent.",
    Action.VOIR_VOTES_CPR: "Les délibérations sont secrètes : seuls les membres de la commission et son secrétariat "
    "voient le détail des votes.",
    Action.SIGNER_CONTRAT: "Seul un agent ARS ou CPAM dont le périmètre couvre la CPTS enregistre son contrat et ses "
    "avenants.",
    Action.SUIVRE_CONTRAT: "Seul un agent ARS ou CPAM dont le périmètre couvre la CPTS suit son contrat (missions, "
    "indicateurs, dialogue de gestion).",
    Action.DECLARER_INDICATEURS: "Vous ne pouvez pas déclarer les valeurs des indicateurs de ce contrat : il est hors "
    "de votre périmètre ou de votre rôle.",
    Action.PAYER: "Seul un agent CPAM dont le périmètre couvre la CPTS enregistre les versements.",
    Action.TENIR_COMPTES: "Seule l'équipe de la CPTS (son coordinateur) saisit et dépose ses comptes annuels.",
    Action.VOIR_COMPTES: "Les comptes d'une CPTS et les indemnités de ses membres se lisent par son équipe et les "
    "agents qui l'instruisent.",
    Action.VOIR_EMPLOI_DES_FONDS: "L'emploi des fonds des CPTS se consulte par les agents ARS et CPAM et les lecteurs "
    "nationaux.",
}


@dataclass(frozen=True)
class Perimetre:
    """Chemins ORM de l'objet vers sa région, son département et sa CPTS (None : sans objet)."""

    region: str | None = None
    departement: str | None = None
    cpts: str | None = None

    @classmethod
    def de_la_cpts(cls, chemin: str) -> "Perimetre":
        """Le périmètre d'un objet rattaché à une CPTS par `chemin` : celui de la CPTS (départements couverts
        compris)."""
        return cls(region=f"{chemin}__region", departement=f"{chemin}__departements_couverts__code", cpts=chemin)


def role_de(utilisateur: Any) -> Role | None:
    if not getattr(utilisateur, "is_authenticated", False) or not utilisateur.is_active:
        return None
    if utilisateur.is_superuser:
        return Role.ADMINISTRATEUR
    return Role(utilisateur.role) if utilisateur.role else None


def portee(utilisateur: Any, action: Action) -> Portee | None:
    role = role_de(utilisateur)
    return REGLES[action].get(role) if role else None


def _condition(utilisateur: "Utilisateur", portee_: Portee, perimetre: Perimetre) -> Q | None:
    """La condition ORM de la portée ; None veut dire « aucun objet »."""
    if portee_ == Portee.TOUT:
        return Q()
    if portee_ == Portee.SES_CPTS:
        if perimetre.cpts is None:
            return None
        return Q(**{f"{perimetre.cpts}__in": utilisateur.cpts.values("pk")})
    if portee_ == Portee.REGION or utilisateur.region:
        if perimetre.region is None or not utilisateur.region:
            return None
        return Q(**{perimetre.region: utilisateur.region})
    if perimetre.departement is None or not utilisateur.departements:
        return None
    return Q(**{f"{perimetre.departement}__in": list(utilisateur.departements)})


def filtrer(utilisateur: Any, queryset: models.QuerySet, action: Action = Action.VOIR) -> models.QuerySet:
    portee_ = portee(utilisateur, action)
    perimetre: Perimetre | None = getattr(queryset.model, "perimetre", None)
    if portee_ is None or perimetre is None:
        return queryset.none()
    condition = _condition(utilisateur, portee_, perimetre)
    if condition is None:
        return queryset.none()
    # distinct : un chemin à travers une relation multiple (départements) peut dupliquer les lignes.
    return queryset.filter(condition).distinct() if condition else queryset


def voit_toute_la_region(utilisateur: Any, region: str) -> bool:
    """Voit-il toutes les CPTS de la région, et tout ce qui s'y rattache ? La condition de `filtrer` lue sans
    requête : ce qu'il voit de la région est alors ce qu'en voit quiconque la voit entière (tableau de bord gardé)."""
    portee_ = portee(utilisateur, Action.VOIR)
    if portee_ == Portee.TOUT:
        return True
    return portee_ in (Portee.PERIMETRE_AGENT, Portee.REGION) and bool(region) and utilisateur.region == region


def autorise(utilisateur: Any, action: Action, objet: models.Model) -> bool:
    modele = type(objet)
    return filtrer(utilisateur, modele._default_manager.filter(pk=objet.pk), action).exists()


def autorisations(
    utilisateur: Any, objet: models.Model, actions: Iterable[Action], acquises: Iterable[Action] = ()
) -> dict[Action, bool]:
    """Plusieurs actions sur un même objet (les boutons d'une page). La condition ne dépend que de la portée : une
    requête par portée distincte, souvent une seule, et aucune pour la portée d'une action `acquises`, celle que
    `exiger` vient d'accorder sur cet objet."""
    connues: dict[Portee, bool] = {}
    for action in acquises:
        portee_ = portee(utilisateur, action)
        if portee_ is not None:
            connues[portee_] = True
    resultat = {}
    for action in actions:
        portee_ = portee(utilisateur, action)
        if portee_ is None:
            resultat[action] = False
            continue
        if portee_ not in connues:
            connues[portee_] = autorise(utilisateur, action, objet)
        resultat[action] = connues[portee_]
    return resultat


# Un objet hors du périmètre répond comme un objet qui n'existe pas : un 403 dirait qu'il existe.
MESSAGE_INTROUVABLE = "Objet introuvable (ou hors de votre périmètre)."


def exiger(utilisateur: Any, action: Action, objet: models.Model) -> None:
    """Laisse passer, ou refuse : `Http404` si l'utilisateur ne voit pas l'objet (comme un objet absent), sinon
    `PermissionDenied` (403) pour une action que son rôle ne permet pas sur un objet qu'il voit."""
    if autorise(utilisateur, action, objet):
        return
    if action != Action.VOIR and autorise(utilisateur, Action.VOIR, objet):
        raise PermissionDenied(MESSAGES_REFUS[action])
    raise Http404(MESSAGE_INTROUVABLE)


class QuerySetPerimetre(models.QuerySet):
    def visibles_par(self, utilisateur: Any) -> models.QuerySet:
        return filtrer(utilisateur, self, Action.VOIR)

    def modifiables_par(self, utilisateur: Any) -> models.QuerySet:
        return filtrer(utilisateur, self, Action.MODIFIER)
