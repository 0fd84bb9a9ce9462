"""API REST de la commission paritaire régionale, montée dans l'API v1 sous /commission.

Mêmes droits que les pages : lecture selon le périmètre, détail des votes aux membres et au secrétariat, vote
d'un membre pour le siège auquel son compte est rattaché.
"""

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from cpts.api.documentation import erreurs
from cpts.commission.enums import EtatScrutin
from cpts.commission.models import Commission, Reunion, Scrutin, Siege
from cpts.commission.services import compositions, releves, scrutins
from cpts.comptes.droits import Action, autorise, exiger

router = Router(tags=["Commission paritaire régionale"])


class CommissionSortie(Schema):
    region: str
    nom: str
    date_installation: date | None


class SiegeSortie(Schema):
    id: int
    section: str
    organisation: str
    fonction: str
    voix: int
    titulaire_designe: bool
    suppleant_designe: bool


class ControleSortie(Schema):
    code: str
    libelle: str
    statut: str
    detail: str


class CompositionSortie(Schema):
    region: str
    composition_du: date
    date: date
    sections: dict
    parite: bool
    consultatifs: int
    controles: list[ControleSortie]
    sieges: list[SiegeSortie]


class ScrutinSortie(Schema):
    id: int
    tour: int
    secret: bool
    etat: str
    issue: str
    pour: int
    contre: int
    abstention: int
    blanc: int


class PointSortie(Schema):
    numero: int
    intitule: str
    deliberation: bool
    decision: str
    scrutins: list[ScrutinSortie]


class ReunionSortie(Schema):
    id: int
    date: date
    etat: str
    mode: str
    urgente: bool
    convocation_envoyee_le: date | None
    ordre_du_jour_envoye_le: date | None
    releve_publie_le: date | None


class ReunionDetailSortie(ReunionSortie):
    points: list[PointSortie]


class BulletinSortie(Schema):
    section: str
    siege: str | None
    exprime_par: str
    poids: int
    choix: str


class TotalSectionSortie(Schema):
    section: str
    pour: int
    contre: int
    abstention: int
    blanc: int


class ScrutinDetailSortie(ScrutinSortie):
    sections: list[TotalSectionSortie]
    bulletins: list[BulletinSortie]


class VoteEntree(Schema):
    siege: int
    choix: str


def _commission(request: HttpRequest, region: str) -> Commission:
    commission = get_object_or_404(Commission, region=region)
    exiger(request.user, Action.VOIR, commission)
    return commission


def _scrutin_resume(scrutin: Scrutin) -> dict:
    if scrutin.etat == EtatScrutin.OUVERT:
        totaux = {"pour": 0, "contre": 0, "abstention": 0, "blanc": 0}
    else:
        totaux = {
            "pour": scrutin.pour,
            "contre": scrutin.contre,
            "abstention": scrutin.abstention,
            "blanc": scrutin.blanc,
        }
    return {
        "id": scrutin.pk,
        "tour": scrutin.tour,
        "secret": scrutin.secret,
        "etat": scrutin.etat,
        "issue": scrutin.issue,
        **totaux,
    }


@router.get("/commissions", response=list[CommissionSortie], summary="Les CPR de votre périmètre")
def commissions(request: HttpRequest) -> object:
    """Les commissions paritaires régionales (CPR) que vous voyez."""
    return Commission.objects.visibles_par(request.user).order_by("nom")


@router.get("/commissions/{region}/composition", response=CompositionSortie, summary="Composition et contrôles")
def composition(request: HttpRequest, region: str, date: date | None = None) -> dict:
    """Les sièges de la CPR en vigueur à une date (aujourd'hui par défaut), leurs titulaires et suppléants, et les
    contrôles de parité. 404 sans composition à cette date."""
    commission = _commission(request, region)
    le = date or timezone.localdate()
    composition = compositions.composition_en_vigueur(commission, le)
    if composition is None:
        raise HttpError(404, f"Pas de composition en vigueur le {le:%d/%m/%Y}.")
    sieges = list(compositions.sieges_ranges(composition))
    bilan = compositions.bilan(composition, sieges, le=le)
    return {
        "region": commission.region,
        "composition_du": composition.date_effet,
        **bilan.en_json(),
        "date": le,
        "sieges": [
            {
                "id": s.pk,
                "section": s.section,
                "organisation": s.organisation,
                "fonction": s.fonction,
                "voix": s.voix,
                "titulaire_designe": s.titulaire_designe,
                "suppleant_designe": s.suppleant_designe,
            }
            for s in sieges
        ],
    }


@router.get("/commissions/{region}/reunions", response=list[ReunionSortie], summary="Réunions d'une CPR")
def reunions(request: HttpRequest, region: str) -> object:
    """Les réunions d'une CPR, de la plus récente à la plus ancienne."""
    return _commission(request, region).reunions.order_by("-date")


@router.get(
    "/reunions/{reunion_id}", response=ReunionDetailSortie, summary="Une réunion, son ordre du jour et ses décisions"
)
def reunion(request: HttpRequest, reunion_id: int) -> dict:
    """Une réunion : son état, ses envois (convocation, ordre du jour, relevé), ses points avec leurs scrutins et leurs
    décisions."""
    reunion = get_object_or_404(Reunion.objects.select_related("commission"), pk=reunion_id)
    exiger(request.user, Action.VOIR, reunion.commission)
    reunion = releves.reunion_complete(reunion.pk)
    return {
        **{champ: getattr(reunion, champ) for champ in ReunionSortie.model_fields if champ != "id"},
        "id": reunion.pk,
        "points": [
            {
                "numero": point.numero,
                "intitule": point.intitule,
                "deliberation": point.deliberation,
                "decision": point.decision,
                "scrutins": [_scrutin_resume(s) for s in sorted(point.scrutins.all(), key=lambda s: s.tour)],
            }
            for point in reunion.points.all()
        ],
    }


@router.get(
    "/scrutins/{scrutin_id}",
    response=ScrutinDetailSortie,
    summary="Détail d'un vote (membres et secrétariat)",
    openapi_extra=erreurs(403),
)
def scrutin(request: HttpRequest, scrutin_id: int) -> dict:
    """Le détail d'un vote, totaux par section et bulletins, pour les membres de la CPR et son secrétariat ; un vote
    secret ne nomme personne."""
    scrutin = get_object_or_404(Scrutin.objects.select_related("point__reunion__commission"), pk=scrutin_id)
    exiger(request.user, Action.VOIR_VOTES_CPR, scrutin.point.reunion.commission)
    clos = scrutin.etat == EtatScrutin.CLOS
    return {
        **_scrutin_resume(scrutin),
        "sections": [
            {choix: getattr(scrutin, f"{choix}_{section}") for choix in ("pour", "contre", "abstention", "blanc")}
            | {"section": section}
            for section in ("professionnelle", "sociale")
        ]
        if clos
        else [],
        "bulletins": [
            {
                "section": b.section,
                "siege": b.siege.libelle if b.siege else None,
                "exprime_par": b.exprime_par,
                "poids": b.poids,
                "choix": b.choix,
            }
            for b in scrutins.bulletins_visibles(scrutin)
        ],
    }


@router.post(
    "/scrutins/{scrutin_id}/votes", response={201: ScrutinSortie}, summary="Voter", openapi_extra=erreurs(403, 409)
)
def voter(request: HttpRequest, scrutin_id: int, vote: VoteEntree) -> Status:
    """Le vote d'un siège sur un scrutin ouvert (pour, contre, abstention, blanc) ; le secrétariat peut saisir le vote
    d'un siège."""
    scrutin = get_object_or_404(Scrutin.objects.select_related("point__reunion__commission"), pk=scrutin_id)
    commission = scrutin.point.reunion.commission
    secretariat = autorise(request.user, Action.SECRETARIAT_CPR, commission)
    if not secretariat:
        exiger(request.user, Action.VOTER_CPR, commission)
    siege = get_object_or_404(Siege, pk=vote.siege, composition__commission=commission)
    scrutins.voter(scrutin, siege, vote.choix, request.user, pour_le_secretariat=secretariat)
    return Status(201, _scrutin_resume(scrutin))
