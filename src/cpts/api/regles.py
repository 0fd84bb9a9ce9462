import datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from cpts.api.types import Jour, Nombre
from cpts.regles.echeancier import Contrat, echeancier
from cpts.regles.montants import montants_annuels

router = Router(tags=["Règles ACI"])

Mission = Literal["acces", "parcours", "prevention", "crise", "qualite", "accompagnement"]


class DemandeFinancement(Schema):
    date: Jour
    taille: int = Field(..., ge=1, le=4)
    missions: list[Mission] = []
    membres: int = Field(0, ge=0, le=100_000)
    atteinte: Nombre = Field(Decimal(1), ge=0, le=1)
    annee_du_plan: Literal["premiere", "suivante"] = "premiere"
    crise_survenue: bool = False
    texte: str | None = None


class LigneSortie(Schema):
    mission: str
    volet: str
    montant: Decimal


class FinancementSortie(Schema):
    texte: str
    date: datetime.date
    taille: int
    lignes: list[LigneSortie]
    total: Decimal


@router.post("/financement", response=FinancementSortie, summary="Montants annuels selon le texte en vigueur")
def financement(request: HttpRequest, demande: DemandeFinancement) -> dict[str, Any]:
    resultat = montants_annuels(
        demande.date,
        demande.taille,
        demande.missions,
        membres=demande.membres,
        atteinte=demande.atteinte,
        annee_du_plan=demande.annee_du_plan,
        crise_survenue=demande.crise_survenue,
        texte=demande.texte,
    )
    return {
        "texte": resultat.texte,
        "date": resultat.le,
        "taille": resultat.taille,
        "lignes": resultat.lignes,
        "total": resultat.total,
    }


class DemandeEcheancier(Schema):
    signature: Jour
    taille: int = Field(..., ge=1, le=4)
    missions: dict[Mission, Jour] = {}
    membres: int = Field(0, ge=0, le=100_000)
    atteinte: Nombre = Field(Decimal(1), ge=0, le=1)


class VersementSortie(Schema):
    annee_contrat: int
    mission: str
    volet: str
    nature: str
    montant: Decimal
    du_le: datetime.date
    au_plus_tard: datetime.date


@router.post("/echeancier", response=list[VersementSortie], summary="Échéancier des versements d'un contrat")
def echeancier_(request: HttpRequest, demande: DemandeEcheancier) -> Any:
    contrat = Contrat(demande.signature, demande.taille, dict(demande.missions), demande.membres)
    return echeancier(contrat, atteinte=demande.atteinte)
