"""Le relevé de décisions : la réunion complète, les décisions visibles d'un utilisateur, les réunions tenues."""

from django.db.models import Prefetch, Q, QuerySet

from cpts.commission.enums import ETATS_TENUE, EtatReunion
from cpts.commission.models import Commission, PointOrdreDuJour, Reunion


def reunion_complete(reunion_pk: int) -> Reunion:
    return (
        Reunion.objects.select_related("commission")
        .prefetch_related(Prefetch("points", queryset=PointOrdreDuJour.objects.prefetch_related("scrutins")))
        .get(pk=reunion_pk)
    )


def decisions_visibles(utilisateur: object, recherche: str = "") -> QuerySet[PointOrdreDuJour]:
    """Les décisions des relevés publiés, dans le périmètre de l'utilisateur, filtrées par un texte."""
    points = (
        PointOrdreDuJour.objects.visibles_par(utilisateur)
        .filter(reunion__etat=EtatReunion.RELEVE_PUBLIE)
        .select_related("reunion__commission")
        .prefetch_related("scrutins")
        .order_by("-reunion__date", "numero")
    )
    for mot in recherche.split():
        points = points.filter(Q(intitule__icontains=mot) | Q(decision__icontains=mot))
    return points


def reunions_tenues(commission: Commission) -> QuerySet[Reunion]:
    return commission.reunions.filter(etat__in=ETATS_TENUE)
