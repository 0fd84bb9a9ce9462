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
Option = Literal["snp-compensation", "snp-regulation", "fonctionnement-additionnel"]
"""Les enveloppes conditionnelles (`cpts.regles.OPTIONS`), mêmes codes qu'en ligne de commande et au contrat."""


class FinancementEntree(Schema):
    date: Jour
    taille: int = Field(..., ge=1, le=4)
    missions: list[Mission] = []
    membres: int = Field(0, ge=0, le=100_000)
    atteinte: Nombre = Field(Decimal(1), ge=0, le=1)
    annee_du_plan: Literal["premiere", "suivante"] = "premiere"
    crise_survenue: bool = False
    taux_crise: Nombre = Field(Decimal(1), ge=0, le=1, description="Taux du volet variable crise, hors atteinte")
    options: list[Option] = []
    population: int | None = Field(None, ge=0, description="Pour avertir d'un territoire trop petit")
    texte: str | None = None


class LigneFinancementSortie(Schema):
    mission: str
    volet: str
    montant: Decimal


class FinancementSortie(Schema):
    texte: str
    date: datetime.date
    taille: int
    lignes: list[LigneFinancementSortie]
    total: Decimal
    avertissements: list[str]


@router.post("/financement", response=FinancementSortie, summary="Montants annuels selon le texte en vigueur")
def financement(request: HttpRequest, demande: FinancementEntree) -> dict[str, Any]:
    """Montants annuels par mission et par volet (fixe, variable) pour une taille de CPTS à une date, selon le texte en
    vigueur (ACI de 2019 ou avenant 2), avec les avertissements des règles. Rien n'est enregistré."""
    resultat = montants_annuels(
        demande.date,
        demande.taille,
        demande.missions,
        membres=demande.membres,
        atteinte=demande.atteinte,
        annee_du_plan=demande.annee_du_plan,
        crise_survenue=demande.crise_survenue,
        texte=demande.texte,
        taux_crise=demande.taux_crise,
        options=demande.options,
        population=demande.population,
    )
    return {
        "texte": resultat.texte,
        "date": resultat.le,
        "taille": resultat.taille,
        "lignes": resultat.lignes,
        "total": resultat.total,
        "avertissements": list(resultat.avertissements),
    }


class EcheancierEntree(Schema):
    signature: Jour
    taille: int = Field(..., ge=1, le=4)
    missions: dict[Mission, Jour] = {}
    membres: int = Field(0, ge=0, le=100_000)
    atteinte: Nombre = Field(Decimal(1), ge=0, le=1)
    options: dict[Option, Jour] = Field({}, description="Chaque enveloppe choisie et la date de son ouverture")
    crises: dict[int, Nombre] = Field({}, description="Année de contrat d'une crise déclarée et son taux (1 = 100 %)")


class VersementSortie(Schema):
    annee_contrat: int
    mission: str
    volet: str
    nature: str
    montant: Decimal
    du_le: datetime.date
    au_plus_tard: datetime.date
    texte: str = Field(description="Le texte qui fixe le montant")
    lecture: str = Field(description="Non vide quand ce texte est retenu par notre lecture (année à cheval)")


@router.post("/echeancier", response=list[VersementSortie], summary="Échéancier des versements d'un contrat")
def echeancier_(request: HttpRequest, demande: EcheancierEntree) -> Any:
    """Les versements d'un contrat sur cinq ans : avances, soldes et versements intégraux de chaque mission, avec leurs
    dates. Rien n'est enregistré."""
    contrat = Contrat(
        demande.signature, demande.taille, dict(demande.missions), demande.membres, options=dict(demande.options)
    )
    return echeancier(contrat, atteinte=demande.atteinte, crises_survenues=dict(demande.crises))
