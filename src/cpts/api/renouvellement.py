"""Renouveler un contrat ACI arrivé à son terme (`cpts.contrats.renouvellement`) : agent ARS ou CPAM du périmètre."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from cpts.api.contrats import ContratDetailSortie
from cpts.api.documentation import erreurs
from cpts.api.types import Jour
from cpts.comptes.droits import Action, exiger
from cpts.contrats import renouvellement
from cpts.contrats.models import Contrat

router = Router(tags=["Contrats ACI"])


class RenouvellementEntree(Schema):
    signature: Jour = Field(..., description="Date de signature du nouveau contrat, au plus tôt la fin de l'ancien")
    missions: dict[str, Jour | None] = Field(
        ...,
        description="Missions du nouveau contrat (codes du texte en vigueur à la signature, socles obligatoires) et "
        "leur démarrage, null s'il n'est pas connu",
    )


@router.post(
    "/contrats/{contrat_id}/renouvellement",
    response={201: ContratDetailSortie},
    summary="Renouveler un contrat arrivé à son terme : un nouveau contrat de cinq ans pour la même CPTS",
    openapi_extra=erreurs(403, 409),
)
def renouveler(request: HttpRequest, contrat_id: int, entree: RenouvellementEntree) -> Status:
    """Signe un nouveau contrat de cinq ans pour la même CPTS, sous le texte en vigueur à la nouvelle signature, avec
    son territoire et ses membres ; l'ancien contrat reste en lecture seule avec ses versements. Refusé (409) avant
    la fenêtre de renouvellement ou si le contrat est déjà renouvelé. Réservé aux agents ARS et CPAM du périmètre."""
    contrat = get_object_or_404(Contrat.objects.select_related("cpts"), pk=contrat_id)
    exiger(request.user, Action.SIGNER_CONTRAT, contrat)
    nouveau = renouvellement.renouveler(
        contrat, request.user, signature=entree.signature, missions_choisies=entree.missions
    )
    return Status(201, Contrat.objects.select_related("cpts").get(pk=nouveau.pk))
