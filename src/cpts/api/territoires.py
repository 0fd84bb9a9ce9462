import json
from json.encoder import encode_basestring_ascii
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel

from cpts.api.documentation import erreurs
from cpts.api.pagination import Pagination
from cpts.api.types import Jour
from cpts.comptes.droits import Action, exiger
from cpts.dossiers.models import Cpts
from cpts.territoires import cartographie
from cpts.territoires.composition import Chevauchement, Resume, resumer
from cpts.territoires.couverture import couverture
from cpts.territoires.enregistrement import enregistrer, territoire_en_cours
from cpts.territoires.models import Arbitrage, Commune
from cpts.territoires.recherche import normaliser

router = Router(tags=["Territoires"])
# Un texte en JSON, tel que l'écrit `json.dumps` (ASCII seul, mêmes échappements).
_texte = encode_basestring_ascii
# Le type des réponses JSON de django-ninja (son `JSONRenderer`).
TYPE_JSON = "application/json; charset=utf-8"


class CommuneSortie(Schema):
    code: str
    nom: str
    type: str
    departement: str = Field(alias="departement_id")
    region: str = Field(alias="region_id")
    epci: str | None = Field(None, alias="epci_id")
    population: int


class FiltresCommunesEntree(FilterSchema):
    q: str | None = Field(None, description="Début du nom (accents facultatifs) ou du code INSEE")
    departement: Annotated[str | None, FilterLookup("departement_id")] = None
    epci: Annotated[str | None, FilterLookup("epci_id")] = None

    def filter_q(self, valeur: str | None) -> Any:
        from django.db.models import Q

        if not valeur:
            return Q()
        return Q(code__commence_par=valeur.upper()) | Q(nom_recherche__commence_par=normaliser(valeur))


@router.get("/communes", response=list[CommuneSortie], summary="Communes et arrondissements municipaux")
@paginate(Pagination)
def communes(request: HttpRequest, filtres: Query[FiltresCommunesEntree]) -> Any:
    """Le référentiel des communes actives (et arrondissements municipaux), filtré par début de nom ou de code INSEE,
    département ou EPCI, par pages."""
    return filtres.filter(Commune.objects.filter(active=True).order_by("code"))


@router.get("/communes/{code}", response=CommuneSortie, summary="Une commune par son code INSEE")
def commune(request: HttpRequest, code: str) -> Commune:
    """Une commune active du référentiel, par son code INSEE."""
    return get_object_or_404(Commune, code=code, active=True)


class ResumeEntree(Schema):
    communes: list[str] = Field(..., max_length=5000, description="Codes INSEE")
    date: Jour | None = None


# Le schéma publié de la réponse (OpenAPI) ; la vue écrit elle-même le JSON qu'il décrit (voir `_reponse_resume`).
class ConflitSortie(BaseModel):
    commune: str
    cpts: str


class ResumeSortie(BaseModel):
    communes: int
    population: int
    taille: int | None
    departements: list[str]
    regions: list[str]
    conflits: list[ConflitSortie]
    contigu: bool
    inconnues: list[str]


@router.post("/territoires/resume", response=ResumeSortie, summary="Résumé d'un territoire composé de communes")
def resume(request: HttpRequest, demande: ResumeEntree) -> HttpResponse:
    """Population, taille (1 à 4 selon l'ACI), départements et régions d'un ensemble de communes à une date (aujourd'hui
    par défaut), et les communes déjà dans le territoire d'une autre CPTS. Rien n'est enregistré."""
    return _reponse_resume(resumer(demande.communes, demande.date))


# Le JSON de chaque conflit déjà écrit, par conflit : un texte qui ne dépend que des valeurs du conflit (jamais périmé :
# une CPTS renommée fait un autre conflit). Au-delà, tout repart de rien.
_CONFLITS_ECRITS: dict[Chevauchement, str] = {}
CONFLITS_ECRITS_MAX = 16_384


def _conflit_en_json(conflit: Chevauchement) -> str:
    texte = f'{{"commune": {_texte(conflit.commune)}, "cpts": {_texte(conflit.cpts)}}}'
    if len(_CONFLITS_ECRITS) >= CONFLITS_ECRITS_MAX:
        _CONFLITS_ECRITS.clear()
    _CONFLITS_ECRITS[conflit] = texte
    return texte


def _reponse_resume(resultat: Resume) -> HttpResponse:
    """Le JSON que django-ninja rendrait de `ResumeSortie` (mêmes champs, même ordre, même écriture), écrit
    directement : la validation de la réponse par pydantic, objet par objet (136 conflits), coûtait le quart d'un
    résumé, pour des valeurs que le calcul donne déjà de ces types. Chaque conflit s'écrit d'un gabarit, ses deux
    textes échappés par la fonction de `json` elle-même (en C), une fois par processus : `json.dumps` d'un dictionnaire
    par conflit coûtait 0,05 ms pour 136 conflits, le gabarit 0,015 ms, les conflits déjà écrits 0,006 ms ; le reste
    passe par `json.dumps`."""
    avant = json.dumps(
        {
            "communes": resultat.communes,
            "population": resultat.population,
            "taille": resultat.taille,
            "departements": resultat.departements,
            "regions": resultat.regions,
        }
    )
    apres = json.dumps({"contigu": resultat.contigu, "inconnues": resultat.inconnues})
    conflits = ", ".join([_CONFLITS_ECRITS.get(conflit) or _conflit_en_json(conflit) for conflit in resultat.conflits])
    return HttpResponse(f'{avant[:-1]}, "conflits": [{conflits}], {apres[1:]}', content_type=TYPE_JSON)


@router.get("/cpts/{cpts_id}/territoire", summary="Le territoire en cours d'une CPTS (GeoJSON)")
def territoire(request: HttpRequest, cpts_id: int) -> dict[str, Any]:
    """Le territoire en vigueur d'une CPTS en Feature GeoJSON (RFC 7946) : contour et propriétés. 404 si la CPTS n'a pas
    encore de territoire."""
    cpts = get_object_or_404(Cpts, pk=cpts_id)
    exiger(request.user, Action.VOIR, cpts)
    en_cours = territoire_en_cours(cpts)
    if en_cours is None:
        raise Http404
    return cartographie.entite_territoire(en_cours)


class TerritoireEntree(Schema):
    communes: list[str] = Field(..., min_length=1, max_length=5000, description="Codes INSEE de tout le territoire")
    date: Jour | None = Field(None, description="Début de la nouvelle version (aujourd'hui par défaut)")
    arbitrages: dict[str, Literal["partage", "fusion"]] = Field(
        {}, description="Pour un agent : décision par commune en conflit avec une autre CPTS"
    )
    motif: str = Field("", max_length=2000, description="Motif de l'arbitrage (obligatoire s'il y en a un)")


@router.put(
    "/cpts/{cpts_id}/territoire",
    summary="Enregistrer le territoire d'une CPTS (nouvelle version ; l'ancienne est close, gardée dans l'historique)",
    openapi_extra=erreurs(403, 409),
)
def enregistrer_territoire(request: HttpRequest, cpts_id: int, nouveau: TerritoireEntree) -> dict[str, Any]:
    """Remplace le territoire par la liste complète de ses communes, à une date ; une commune déjà dans le territoire
    d'une autre CPTS demande un arbitrage (partage ou fusion) et un motif. Réservé à qui peut modifier la CPTS."""
    cpts = get_object_or_404(Cpts, pk=cpts_id)
    exiger(request.user, Action.MODIFIER, cpts)
    arbitrages = {code: Arbitrage.Decision(decision) for code, decision in nouveau.arbitrages.items()}
    version = enregistrer(cpts, nouveau.communes, request.user, nouveau.date, arbitrages, nouveau.motif)
    return cartographie.entite_territoire(version)


class LigneCouvertureSortie(Schema):
    code: str
    nom: str
    habitants: int
    population_couverte: int
    population_couverte_signee: int


@router.get("/couverture", response=list[LigneCouvertureSortie], summary="Population couverte par les CPTS")
def couverture_(
    request: HttpRequest,
    niveau: Literal["region", "departement", "france"] = "region",
    date: Jour | None = None,
) -> list[dict[str, Any]]:
    """Population des territoires de CPTS et population sous contrat signé, par région, par département ou pour la
    France, à une date (aujourd'hui par défaut)."""
    return [
        {
            "code": ligne.code,
            "nom": ligne.nom,
            "habitants": ligne.habitants,
            "population_couverte": ligne.couverte,
            "population_couverte_signee": ligne.signee,
        }
        for ligne in couverture(niveau, date or timezone.localdate())
    ]
