"""Le diagnostic territorial par l'API : les indicateurs déclarés et les profils (une CPTS, ou une composition
libre de communes). Lecture pour qui voit le territoire ; une valeur masquée par le secret statistique n'a pas de
nombre, seulement son texte (« secret statistique »)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from cpts.comptes.droits import Action, exiger
from cpts.diagnostic.models import Indicateur, ProfilFige
from cpts.diagnostic.presentation import json_du_profil
from cpts.dossiers.models import Cpts, Document
from cpts.territoires.enregistrement import territoire_en_cours

router = Router(tags=["Diagnostic territorial"])


class IndicateurDeclareSortie(Schema):
    code: str
    libelle: str
    theme: str
    unite: str
    nature: str
    source: str
    objectif_intermediaire: str
    objectif_cible: str


class CaseProfilSortie(Schema):
    valeur: float | None = Field(description="Nombre (un taux en fraction) ; absent si masqué ou indisponible")
    texte: str = Field(description="La case telle qu'elle s'affiche : « 30,6 % », « secret statistique »…")
    masque: str | None
    calculee: bool = Field(
        False,
        description="Département, région ou France que la source n'a pas publié : calculé des valeurs de toutes leurs "
        "communes (le texte porte « (calculé) »)",
    )


class RepartitionSortie(Schema):
    mediane: float
    minimum: float
    maximum: float
    textes: list[str] = Field(description="Médiane, minimum, maximum tels qu'ils s'affichent")


class LigneProfilSortie(Schema):
    code: str
    libelle: str
    unite: str
    nature: str
    annee: int | None
    source: str
    territoire: CaseProfilSortie
    departement: CaseProfilSortie | None
    region: CaseProfilSortie | None
    france: CaseProfilSortie | None
    objectif_intermediaire: str
    objectif_cible: str
    repartition_cpts_departement: RepartitionSortie | None


class ThemeSortie(Schema):
    nom: str
    lignes: list[LigneProfilSortie]


class ProfilSortie(Schema):
    titre: str
    communes: int
    departement: str | None
    region: str | None
    colonnes: list[str] = Field(description="Territoire, département, région, France (leurs noms)")
    seuil_secret: int
    themes: list[ThemeSortie]


class CompositionEntree(Schema):
    communes: list[str] = Field(..., min_length=1, max_length=5000, description="Codes INSEE de la composition")


@router.get("/diagnostic/indicateurs", response=list[IndicateurDeclareSortie], summary="Les indicateurs déclarés")
def indicateurs(request: HttpRequest) -> Any:
    """Les indicateurs déclarés par les fichiers importés : code, libellé, thème, unité, nature (effectif, taux,
    moyenne, médiane), source et objectifs."""
    return Indicateur.objects.all()


@router.get("/diagnostic/cpts/{cpts_id}/profil", response=ProfilSortie, summary="Le profil d'une CPTS")
def profil_cpts(request: HttpRequest, cpts_id: int) -> HttpResponse:
    """Le territoire en cours de la CPTS comparé à son département, sa région et la France."""
    cpts = get_object_or_404(Cpts, pk=cpts_id)
    exiger(request.user, Action.VOIR, cpts)
    territoire = territoire_en_cours(cpts)
    codes = list(territoire.unites.values_list("commune_id", flat=True)) if territoire else []
    return _reponse(json_du_profil(codes, cpts))


@router.post("/diagnostic/profil", response=ProfilSortie, summary="Le profil d'une composition libre de communes")
def profil_composition(request: HttpRequest, demande: CompositionEntree) -> HttpResponse:
    """Le profil d'une composition libre de communes (codes INSEE), comparée au département et à la région où vit
    la plus grande part de sa population, et à la France. Rien n'est enregistré."""
    return _reponse(json_du_profil(demande.communes))


def _reponse(contenu: bytes) -> HttpResponse:
    # Le JSON du profil est gardé écrit (cpts.diagnostic.presentation) : il part tel quel, conforme à `ProfilSortie`
    # (vérifié par les tests), sans repasser par la validation de la réponse.
    return HttpResponse(contenu, content_type="application/json; charset=utf-8")


class ProfilFigeSortie(Schema):
    depot: int = Field(description="Numéro de la version déposée")
    depose_le: str
    profil: ProfilSortie | None = Field(description="Le profil joint, figé au dépôt ; absent si aucun n'était joint")


@router.get(
    "/cpts/{cpts_id}/documents/{document_id}/versions/{numero}/profil",
    response=ProfilFigeSortie,
    summary="Le profil du territoire figé au dépôt d'une version du projet de santé",
)
def profil_fige(request: HttpRequest, cpts_id: int, document_id: int, numero: int) -> dict[str, Any]:
    """Le profil joint à une version déposée du projet de santé, tel qu'il était le jour du dépôt."""
    # Par la clé de chaque objet, comme les autres routes des documents : un identifiant hors des entiers de la base
    # est introuvable (404), jamais une erreur de la base.
    cpts = get_object_or_404(Cpts.objects.visibles_par(request.user), pk=cpts_id)
    document = get_object_or_404(Document, pk=document_id, cpts=cpts)
    depot = get_object_or_404(document.depots, numero=numero)
    fige = ProfilFige.objects.filter(depot=depot).first()
    return {"depot": depot.numero, "depose_le": depot.depose_le.isoformat(), "profil": fige.contenu if fige else None}
