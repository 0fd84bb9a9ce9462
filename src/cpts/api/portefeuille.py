"""Le portefeuille d'une région par l'API : export (CSV ou XLSX) et import (essai ou réel), pour les agents ARS et
CPAM. Même format, même service et même rapport que la commande et les pages (docs/portefeuille.md)."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from cpts import exports
from cpts.api.documentation import erreurs
from cpts.api.erreurs import ErreurSortie
from cpts.dossiers.models import Cpts
from cpts.portefeuille import export
from cpts.portefeuille.format import TAILLE_MAX_OCTETS
from cpts.portefeuille.importation import importer
from cpts.portefeuille.lecture import FichierRefuse
from cpts.portefeuille.perimetre import regions_permises
from cpts.portefeuille.rapport import REFUSEE, Rapport
from cpts.territoires.models import Region

router = Router(tags=["Portefeuille"])
# Un champ de fichier facultatif : sans fichier, les droits sont vérifiés avant de répondre 422.
FICHIER_FACULTATIF = File(None)
TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": exports.TYPE_XLSX}


class LigneRapportSortie(Schema):
    numero: int
    nom: str
    statut: Literal["créée", "mise à jour", "inchangée", "refusée"]
    details: list[str]


class RapportSortie(Schema):
    fichier: str
    essai: bool
    ecrit: bool
    bilan: str
    lignes: list[LigneRapportSortie]


def _region(request: HttpRequest, region: str) -> str:
    if not Region.objects.filter(code=region).exists():
        raise Http404("Région inconnue.")
    if region not in regions_permises(request.user):
        raise PermissionDenied("Seul un agent ARS ou CPAM de la région importe ou exporte son portefeuille de CPTS.")
    return region


@router.get(
    "/portefeuille/{region}",
    summary="Le portefeuille de CPTS d'une région (fichier CSV ou XLSX)",
    openapi_extra=erreurs(403),
)
def exporter(request: HttpRequest, region: str, format: Literal["csv", "xlsx"] = "csv") -> HttpResponse:
    """Une ligne par CPTS que l'agent voit dans la région, au format documenté dans docs/portefeuille.md."""
    region = _region(request, region)
    reponse = HttpResponse(export.contenu(region, format, Cpts.objects.visibles_par(request.user)))
    reponse["Content-Type"] = TYPES[format]
    reponse["Content-Disposition"] = f'attachment; filename="portefeuille-cpts-{region}.{format}"'
    return reponse


def _sortie(rapport: Rapport) -> RapportSortie:
    return RapportSortie(
        fichier=rapport.nom_fichier,
        essai=rapport.essai,
        ecrit=rapport.ecrit,
        bilan=rapport.bilan,
        lignes=[
            LigneRapportSortie(numero=ligne.numero, nom=ligne.nom, statut=ligne.statut, details=ligne.details)
            for ligne in rapport.lignes
        ],
    )


@router.post(
    "/portefeuille/{region}/import",
    response={200: RapportSortie, 422: ErreurSortie},
    summary="Importer le portefeuille d'une région (tout ou rien ; essai sans écrire)",
    openapi_extra=erreurs(403),
)
def importer_portefeuille(
    request: HttpRequest, region: str, essai: bool = False, fichier: UploadedFile | None = FICHIER_FACULTATIF
) -> Status:
    """Envoi en multipart/form-data, champ `fichier`. Réponse 200 : le rapport ligne par ligne (en essai, même s'il
    refuse des lignes). Import réel avec une ligne refusée : 422, rien n'est écrit, le détail nomme chaque ligne."""
    region = _region(request, region)
    if fichier is None:
        return Status(
            422, ErreurSortie(code="donnees_invalides", message="Fichier manquant : champ « fichier » (CSV ou XLSX).")
        )
    if fichier.size and fichier.size > TAILLE_MAX_OCTETS:
        message = f"Fichier trop volumineux : la limite est de {TAILLE_MAX_OCTETS // 1024} Ko."
        return Status(422, ErreurSortie(code="donnees_invalides", message=message))
    try:
        rapport = importer(fichier.name or "", fichier.read(), region, request.user, essai=essai)
    except FichierRefuse as erreur:
        return Status(
            422, ErreurSortie(code="donnees_invalides", message=f"Fichier refusé, rien n'a été écrit. {erreur}")
        )
    if rapport.refuse and not essai:
        details = [str(ligne) for ligne in rapport.lignes if ligne.statut == REFUSEE]
        return Status(422, ErreurSortie(code="donnees_invalides", message=rapport.bilan, details=details))
    return Status(200, _sortie(rapport))
