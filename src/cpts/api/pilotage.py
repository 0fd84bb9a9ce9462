"""Les tableaux de déploiement (pilotage) en JSON : les mêmes que les pages, les exports et `cpts etat-des-lieux`."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from cpts.api.documentation import erreurs
from cpts.api.types import Jour
from cpts.pilotage.presentation import TABLEAUX
from cpts.territoires.models import Region

router = Router(tags=["Pilotage"])

CodeTableau = Literal[
    "etat-des-lieux", "contrats-signes", "couverture-regions", "couverture-publiee", "etats-publies", "paiements"
]


class ColonneSortie(Schema):
    cle: str
    titre: str
    nature: str = Field(description="texte, entier, montant (chaîne décimale), part (0 à 1) ou date (AAAA-MM-JJ)")


class TableauSortie(Schema):
    code: str
    titre: str
    region: str | None
    date: datetime.date
    colonnes: list[ColonneSortie]
    lignes: list[dict[str, Any]]
    total: dict[str, Any] | None
    notes: list[str]


class FiltresTableauEntree(Schema):
    region: str | None = Field(None, description="code INSEE de la région (84…) ; la France entière sinon")
    date: Jour | None = Field(None, description="AAAA-MM-JJ ; aujourd'hui par défaut")


@router.get(
    "/pilotage/{code}",
    response=TableauSortie,
    summary="Un tableau de déploiement à une date",
    openapi_extra=erreurs(404),
)
def tableau(request: HttpRequest, code: CodeTableau, filtres: Query[FiltresTableauEntree]) -> dict[str, Any]:
    """Un tableau de déploiement (état des lieux, contrats signés, couverture, paiements…) pour une région ou la France,
    à une date (aujourd'hui par défaut) : colonnes, lignes, total et notes. 404 pour une région inconnue."""
    if filtres.region and not Region.objects.filter(code=filtres.region).exists():
        raise Http404("Région inconnue.")
    rendu = TABLEAUX[code](filtres.region, filtres.date or timezone.localdate())
    return {
        "code": rendu.code,
        "titre": rendu.titre,
        "colonnes": [{"cle": c.cle, "titre": c.titre, "nature": c.nature} for c in rendu.colonnes],
        "notes": rendu.notes,
        **rendu.en_json(),
    }
