"""API REST des contrats ACI : contrats, échéancier, versements, indicateurs et valeurs, dialogues de gestion,
alertes et versements à venir.

Mêmes droits et mêmes contrôles que les pages : lecture selon le périmètre (`VOIR`) ; valeurs des indicateurs par
l'équipe de la CPTS et les agents (`DECLARER_INDICATEURS`) ; dialogues et atteinte retenue par les agents
(`SUIVRE_CONTRAT`) ; versements par l'agent CPAM (`PAYER`), par le même service que la page (verrou, référence
unique, jamais au-delà du dû). Un refus métier donne 409 et ses raisons en français.

Plus de 400 lignes : un module par ressource de l'API (schémas, conversions, routes, dans cet ordre), comme les
autres ; le contrat a le plus de sous-ressources (échéancier, versements, indicateurs, dialogues, alertes).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BaseModel

from cpts.api.concurrence import Revision
from cpts.api.documentation import erreurs
from cpts.api.pagination import Pagination
from cpts.api.types import Jour, Nombre
from cpts.comptes.droits import Action, exiger
from cpts.contrats import dialogue, indicateurs, paiements
from cpts.contrats.alertes import Alerte
from cpts.contrats.colonnes import a_venir_json, ligne_json
from cpts.contrats.etat import alertes_gardees, lignes_a_venir_gardees
from cpts.contrats.etat_du_contrat import echeancier_garde
from cpts.contrats.models import Avenant, BilanMission, Contrat, DialogueGestion, Indicateur, Paiement
from cpts.contrats.perimetre import ContratsVisibles
from cpts.preparees import ListePreparee

router = Router(tags=["Contrats ACI"])

Code = Field(..., min_length=1, max_length=30, pattern=r"^[a-z_]+$")


def _contrat(request: HttpRequest, contrat_id: int, action: Action = Action.VOIR) -> Contrat:
    contrat = get_object_or_404(Contrat.objects.select_related("cpts"), pk=contrat_id)
    exiger(request.user, action, contrat)
    return contrat


# Schémas


class MissionSortie(Schema):
    mission: str
    demarrage: date | None
    deploiement: date | None
    ajoutee_par_avenant: int | None
    retiree_par_avenant: int | None


class AvenantSortie(Schema):
    numero: int
    signe_le: date
    effet_le: date
    objet: str
    taille: int | None
    population: int | None
    membres: int | None


class ContratSortie(Schema):
    id: int
    cpts_id: int
    cpts: str
    region: str
    departement: str
    signature: date
    fin: date
    texte: str
    population: int | None
    taille: int
    membres: int

    @staticmethod
    def resolve_cpts(contrat: Contrat) -> str:
        return contrat.cpts.nom

    @staticmethod
    def resolve_region(contrat: Contrat) -> str:
        return contrat.cpts.region

    @staticmethod
    def resolve_departement(contrat: Contrat) -> str:
        return contrat.cpts.departement


class OptionSortie(Schema):
    option: str = Field(..., description="snp-compensation, snp-regulation ou fonctionnement-additionnel")
    depuis: date


class ContratDetailSortie(ContratSortie):
    missions: list[MissionSortie]
    avenants: list[AvenantSortie]
    options: list[OptionSortie]
    document_depose: bool

    @staticmethod
    def resolve_options(contrat: Contrat) -> list[dict]:
        return [{"option": o.option, "depuis": o.depuis} for o in contrat.options.all()]

    @staticmethod
    def resolve_missions(contrat: Contrat) -> list[dict]:
        numeros = {a.pk: a.numero for a in contrat.avenants.all()}
        return [
            {
                "mission": m.mission,
                "demarrage": m.demarrage,
                "deploiement": m.deploiement,
                "ajoutee_par_avenant": numeros.get(m.ajoutee_par_id),
                "retiree_par_avenant": numeros.get(m.retiree_par_id),
            }
            for m in contrat.missions.all()
        ]

    @staticmethod
    def resolve_avenants(contrat: Contrat) -> list[Avenant]:
        return list(contrat.avenants.all())

    @staticmethod
    def resolve_document_depose(contrat: Contrat) -> bool:
        return bool(contrat.document)


# Des modèles pydantic simples plutôt que des `Schema` de django-ninja pour les lignes des listes (échéancier,
# versements à venir, alertes) : ceux-ci valident chaque ligne par un lecteur d'attributs écrit en Python (le tiers
# d'une page de 50 lignes de l'API) ; les lignes sont déjà des dictionnaires. Même description OpenAPI.
class LigneSortie(BaseModel):
    annee_contrat: int
    mission: str
    volet: str
    nature: str
    du_le: date | None
    au_plus_tard: date | None
    montant: str = Field(..., description="Montant dû en euros, « 12345.00 »")
    verse: str
    restant: str
    definitif: bool = Field(..., description="Faux tant que l'atteinte d'un volet variable n'est pas retenue")
    statut: str
    texte: str = Field(..., description="Le texte qui fixe le montant (aci-2019, avenant-2…)")
    notre_lecture: bool = Field(..., description="Vrai quand ce texte est retenu par notre lecture (année à cheval)")


class TotalSortie(Schema):
    du: str
    verse: str
    restant: str


class EcheancierSortie(Schema):
    contrat: int
    lignes: list[LigneSortie]
    total: TotalSortie
    avertissements: list[str]


class PaiementSortie(Schema):
    id: int
    annee_contrat: int
    mission: str
    volet: str
    nature: str
    montant: str
    date: date
    reference: str
    motif_anticipation: str
    enregistre_par: str
    enregistre_le: datetime
    annule: bool


class PaiementEntree(Schema):
    annee_contrat: int = Field(..., ge=1, le=10)
    mission: str = Code
    volet: str = Code
    nature: Literal["integral", "avance", "solde"]
    montant: Nombre = Field(..., gt=0, max_digits=12, decimal_places=2, description="En euros, au centime")
    date: Jour
    reference: str = Field(..., min_length=1, max_length=60)
    motif_anticipation: str = Field("", max_length=2000)


class CibleSortie(Schema):
    annee: int
    valeur: Decimal


class ValeurSortie(Schema):
    annee: int
    valeur: Decimal
    commentaire: str
    declaree_par: str
    declaree_le: datetime


class IndicateurSortie(Schema):
    id: int
    revision: Revision
    mission: str
    code_national: str
    libelle: str
    definition: str
    source: str
    sens: str
    unite: str
    reference: Decimal | None
    poids: Decimal
    cibles: list[CibleSortie]
    valeurs: list[ValeurSortie]


class ValeurEntree(Schema):
    annee: int = Field(..., ge=1, le=10)
    valeur: Nombre = Field(..., max_digits=14, decimal_places=4)
    commentaire: str = Field("", max_length=500)


class BilanSortie(Schema):
    id: int
    mission: str
    constat: str
    taux_calcule: Decimal | None
    taux_retenu: Decimal | None
    motif: str


class DialogueSortie(Schema):
    id: int
    revision: Revision
    annee: int
    date: date
    participants: str
    decisions: str
    avenant_necessaire: bool
    crise_survenue: bool
    crise_le: date | None
    taux_crise: Decimal = Field(..., description="Taux du volet variable crise, hors atteinte (1 = 100 %)")
    bilans: list[BilanSortie]


class DialogueEntree(Schema):
    annee: int = Field(..., ge=1, le=10)
    date: Jour
    participants: str = Field(..., min_length=1, max_length=2000)
    decisions: str = Field("", max_length=5000)
    avenant_necessaire: bool = False
    crise_survenue: bool = False
    crise_le: date | None = Field(None, description="Date de la crise, dans l'année examinée")
    taux_crise: Decimal = Field(Decimal(1), ge=0, le=1, max_digits=5, decimal_places=4, description="De 0 à 1")
    constats: dict[Annotated[str, Field(max_length=30)], Annotated[str, Field(max_length=5000)]] = Field(
        default_factory=dict, max_length=10
    )


class AtteinteEntree(Schema):
    taux: Nombre = Field(..., ge=0, le=1, max_digits=5, decimal_places=4, description="De 0 à 1")
    motif: str = Field("", max_length=2000)


class AlerteSortie(BaseModel):
    contrat: int
    cpts: str
    type: str
    niveau: str
    echeance: date
    message: str


class AVenirSortie(LigneSortie):
    contrat: int
    cpts: str


class FiltresContratsEntree(FilterSchema):
    region: Annotated[str | None, Field(max_length=3), FilterLookup("cpts__region")] = None
    departement: Annotated[str | None, Field(max_length=3), FilterLookup("cpts__departements_couverts__code")] = None
    cpts: Annotated[int | None, Field(ge=1, le=2**31 - 1), FilterLookup("cpts_id")] = None


class FiltreRegionEntree(Schema):
    region: str | None = Field(None, max_length=3)


class FiltresAVenirEntree(FiltreRegionEntree):
    jours: int = Field(60, ge=0, le=3660, description="Horizon en jours")


# Conversions


def _paiement(paiement: Paiement) -> dict:
    return {
        "id": paiement.pk,
        "annee_contrat": paiement.annee,
        "mission": paiement.mission,
        "volet": paiement.volet,
        "nature": paiement.nature,
        "montant": f"{paiement.montant:.2f}",
        "date": paiement.date,
        "reference": paiement.reference,
        "motif_anticipation": paiement.motif_anticipation,
        "enregistre_par": paiement.enregistre_par.username,
        "enregistre_le": paiement.enregistre_le,
        "annule": hasattr(paiement, "annulation"),
    }


def _indicateur(indicateur: Indicateur) -> dict:
    return {
        "id": indicateur.pk,
        "revision": indicateur.revision,
        "mission": indicateur.mission,
        "code_national": indicateur.code,
        "libelle": indicateur.libelle,
        "definition": indicateur.definition,
        "source": indicateur.source,
        "sens": indicateur.sens,
        "unite": indicateur.unite,
        "reference": indicateur.reference,
        "poids": indicateur.poids,
        "cibles": [{"annee": c.annee, "valeur": c.valeur} for c in indicateur.cibles.all()],
        "valeurs": [
            {
                "annee": v.annee,
                "valeur": v.valeur,
                "commentaire": v.commentaire,
                "declaree_par": v.declaree_par.username,
                "declaree_le": v.declaree_le,
            }
            for v in indicateur.valeurs.all()
        ],
    }


def _dialogue(objet: DialogueGestion) -> dict:
    return {
        "id": objet.pk,
        "revision": objet.revision,
        "annee": objet.annee,
        "date": objet.date,
        "participants": objet.participants,
        "decisions": objet.decisions,
        "avenant_necessaire": objet.avenant_necessaire,
        "crise_survenue": objet.crise_survenue,
        "crise_le": objet.crise_le,
        "taux_crise": objet.taux_crise,
        "bilans": [
            {
                "id": b.pk,
                "mission": b.mission,
                "constat": b.constat,
                "taux_calcule": b.taux_calcule,
                "taux_retenu": b.taux_retenu,
                "motif": b.motif,
            }
            for b in objet.bilans.all()
        ],
    }


def _contrats_visibles(request: HttpRequest, region: str | None) -> QuerySet[Contrat] | ContratsVisibles:
    # Sans région demandée, tous les contrats visibles : la lecture préparée de l'état (`ContratsVisibles`).
    if region:
        return Contrat.objects.visibles_par(request.user).filter(cpts__region=region)
    return ContratsVisibles(request.user)


def _alerte_json(alerte: Alerte) -> dict[str, object]:
    return {
        "contrat": alerte.contrat.pk,
        "cpts": alerte.contrat.cpts.nom,
        "type": alerte.type.value,
        "niveau": alerte.niveau.value,
        "echeance": alerte.echeance,
        "message": alerte.message,
    }


# Routes


@router.get("/contrats", response=list[ContratSortie], summary="Les contrats de votre périmètre")
@paginate(Pagination)
def lister(request: HttpRequest, filtres: Query[FiltresContratsEntree]) -> object:
    """Les contrats ACI signés des CPTS de votre périmètre, filtrés par région, département ou CPTS, par pages."""
    contrats = Contrat.objects.visibles_par(request.user).select_related("cpts")
    return filtres.filter(contrats).distinct().order_by("cpts__nom", "pk")


@router.get("/contrats/alertes", response=list[AlerteSortie], summary="Les alertes des contrats de votre périmètre")
@paginate(Pagination)
def lire_alertes(request: HttpRequest, filtre: Query[FiltreRegionEntree]) -> ListePreparee:
    """Les échéances proches ou dépassées des contrats de votre périmètre (versements, indicateurs, dialogues de
    gestion, mission crise), par pages."""
    # Paginées en SQL : seules les alertes de la page demandée sont lues.
    return alertes_gardees(_contrats_visibles(request, filtre.region), timezone.localdate()).puis(_alerte_json)


@router.get("/contrats/versements-a-venir", response=list[AVenirSortie], summary="Ce qui reste à verser d'ici N jours")
@paginate(Pagination)
def a_venir(request: HttpRequest, filtres: Query[FiltresAVenirEntree]) -> ListePreparee:
    """Les versements dus d'ici N jours (60 par défaut) et pas encore faits, contrat par contrat, par pages."""
    contrats = _contrats_visibles(request, filtres.region)
    entrees, _total = lignes_a_venir_gardees(contrats, timezone.localdate(), filtres.jours)
    return entrees.puis(a_venir_json)


@router.get("/contrats/{contrat_id}", response=ContratDetailSortie, summary="Un contrat, ses missions et ses avenants")
def lire(request: HttpRequest, contrat_id: int) -> Contrat:
    """Un contrat : signature, taille, population, missions et leur démarrage, avenants et options."""
    return _contrat(request, contrat_id)


@router.get("/contrats/{contrat_id}/echeancier", response=EcheancierSortie, summary="L'échéancier concret")
def lire_echeancier(request: HttpRequest, contrat_id: int) -> dict:
    """L'échéancier du contrat : chaque versement dû avec sa date limite, ce qui est versé et ce qui reste, et les
    avertissements ; montants exacts en texte (« 12345.00 »)."""
    # L'état gardé du contrat, comme sa page : ses lignes lues, pas ses règles recalculées.
    calcul = echeancier_garde(_contrat(request, contrat_id), timezone.localdate())
    total = calcul.total
    return {
        "contrat": contrat_id,
        "lignes": [ligne_json(ligne) for ligne in calcul.lignes],
        "total": {"du": f"{total.du:.2f}", "verse": f"{total.paye:.2f}", "restant": f"{total.restant:.2f}"},
        "avertissements": calcul.avertissements,
    }


@router.get("/contrats/{contrat_id}/versements", response=list[PaiementSortie], summary="Les versements effectués")
def lister_versements(request: HttpRequest, contrat_id: int) -> list[dict]:
    """Les versements enregistrés sur le contrat, annulations comprises."""
    contrat = _contrat(request, contrat_id)
    versements = contrat.paiements.select_related("enregistre_par", "annulation").order_by("date", "pk")
    return [_paiement(paiement) for paiement in versements]


@router.post(
    "/contrats/{contrat_id}/versements",
    response={201: PaiementSortie},
    summary="Enregistrer un versement effectué (agent CPAM)",
    openapi_extra=erreurs(403, 409),
)
def payer(request: HttpRequest, contrat_id: int, entree: PaiementEntree) -> Status:
    """Enregistre un versement effectué sur une ligne de l'échéancier ; réservé aux agents de la CPAM ; un montant au-
    delà du restant dû est refusé."""
    contrat = _contrat(request, contrat_id, Action.PAYER)
    paiement = paiements.enregistrer_paiement(
        contrat,
        request.user,
        annee=entree.annee_contrat,
        mission=entree.mission,
        volet=entree.volet,
        nature=entree.nature,
        montant=entree.montant,
        date=entree.date,
        reference=entree.reference,
        motif_anticipation=entree.motif_anticipation,
    )
    return Status(201, _paiement(paiement))


@router.get("/contrats/{contrat_id}/indicateurs", response=list[IndicateurSortie], summary="Indicateurs et valeurs")
def lister_indicateurs(request: HttpRequest, contrat_id: int) -> list[dict]:
    """Les indicateurs du contrat, leurs cibles et les valeurs déclarées année par année."""
    contrat = _contrat(request, contrat_id)
    return [_indicateur(indicateur) for indicateur in indicateurs.indicateurs_du_contrat(contrat)]


@router.post(
    "/contrats/{contrat_id}/indicateurs/{indicateur_id}/valeurs",
    response={201: IndicateurSortie},
    summary="Déclarer la valeur d'un indicateur pour une année",
    openapi_extra=erreurs(403, 409),
)
def declarer(request: HttpRequest, contrat_id: int, indicateur_id: int, entree: ValeurEntree) -> Status:
    """Déclare la valeur d'un indicateur pour une année du contrat."""
    contrat = _contrat(request, contrat_id, Action.DECLARER_INDICATEURS)
    indicateur = get_object_or_404(Indicateur, pk=indicateur_id, contrat=contrat)
    indicateurs.declarer_valeur(indicateur, entree.annee, entree.valeur, request.user, entree.commentaire)
    return Status(201, _indicateur(Indicateur.objects.prefetch_related("cibles", "valeurs").get(pk=indicateur.pk)))


@router.get("/contrats/{contrat_id}/dialogues", response=list[DialogueSortie], summary="Les dialogues de gestion")
def lister_dialogues(request: HttpRequest, contrat_id: int) -> list[dict]:
    """Les dialogues de gestion annuels du contrat, avec le bilan de chaque mission."""
    contrat = _contrat(request, contrat_id)
    return [_dialogue(objet) for objet in contrat.dialogues.prefetch_related("bilans").order_by("annee")]


@router.post(
    "/contrats/{contrat_id}/dialogues",
    response={201: DialogueSortie},
    summary="Enregistrer un dialogue de gestion",
    openapi_extra=erreurs(403, 409),
)
def tenir(request: HttpRequest, contrat_id: int, entree: DialogueEntree) -> Status:
    """Enregistre le dialogue de gestion d'une année : date, participants, décisions ; un seul par année."""
    contrat = _contrat(request, contrat_id, Action.SUIVRE_CONTRAT)
    objet = dialogue.tenir_dialogue(
        contrat,
        request.user,
        annee=entree.annee,
        date=entree.date,
        participants=entree.participants,
        decisions=entree.decisions,
        avenant_necessaire=entree.avenant_necessaire,
        crise_survenue=entree.crise_survenue,
        crise_le=entree.crise_le,
        taux_crise=entree.taux_crise,
        constats=entree.constats,
    )
    return Status(201, _dialogue(objet))


@router.post(
    "/contrats/bilans/{bilan_id}/atteinte",
    response=BilanSortie,
    summary="Retenir l'atteinte d'une mission après le dialogue de gestion",
    openapi_extra=erreurs(403, 409),
)
def retenir(request: HttpRequest, bilan_id: int, entree: AtteinteEntree) -> dict:
    """Retient le taux d'atteinte d'une mission après le dialogue de gestion ; un taux autre que le taux calculé demande
    un motif."""
    bilan = get_object_or_404(BilanMission.objects.select_related("dialogue__contrat"), pk=bilan_id)
    exiger(request.user, Action.SUIVRE_CONTRAT, bilan.dialogue.contrat)
    bilan = dialogue.retenir_atteinte(bilan, request.user, entree.taux, entree.motif)
    return {
        "id": bilan.pk,
        "mission": bilan.mission,
        "constat": bilan.constat,
        "taux_calcule": bilan.taux_calcule,
        "taux_retenu": bilan.taux_retenu,
        "motif": bilan.motif,
    }
