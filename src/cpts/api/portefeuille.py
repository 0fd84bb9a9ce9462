"""Le portefeuille d'une région par l'API : export (CSV ou XLSX) et import (essai ou réel), pour les agents ARS et
CPAM. Même format, même service et même rapport que la commande et les pages (docs/portefeuille.md).

L'essai répond tout de suite. L'import réel, comme la confirmation dans les pages, est fait par le travailleur (une
région entière prend plus de temps qu'une requête) : la réponse 202 donne le travail, que le client relit jusqu'à
ce qu'il soit fini, puis y trouve le rapport."""

import hashlib
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from cpts import exports
from cpts.api.documentation import erreurs
from cpts.api.erreurs import ErreurSortie
from cpts.dossiers.models import Cpts
from cpts.portefeuille import export
from cpts.portefeuille.format import TAILLE_MAX_OCTETS
from cpts.portefeuille.importation import importer
from cpts.portefeuille.lecture import FichierRefuse, lire
from cpts.portefeuille.perimetre import regions_permises
from cpts.portefeuille.rapport import Rapport
from cpts.portefeuille.travaux import GENRE, lancer_import
from cpts.territoires.models import Region
from cpts.travaux import avancement
from cpts.travaux.models import StatutTravail, Travail

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


class TravailImportSortie(Schema):
    id: int
    url: str
    statut: Literal["a_faire", "en_cours", "termine", "echec"]
    fini: bool
    lignes_traitees: int
    lignes_total: int
    erreur: str
    rapport: RapportSortie | None


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


def _sortie(rapport: Rapport[Any]) -> RapportSortie:
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


def _travail(travail: Travail) -> TravailImportSortie:
    faites, total = avancement.lire(travail.pk) or (0, 0)
    resultat = travail.resultat if travail.statut == StatutTravail.TERMINE else None
    return TravailImportSortie(
        id=travail.pk,
        url=f"/api/v1/portefeuille/travaux/{travail.pk}",
        statut=travail.statut,
        fini=travail.fini,
        lignes_traitees=faites,
        lignes_total=total,
        erreur=travail.erreur,
        rapport=RapportSortie(
            fichier=resultat["nom_fichier"],
            essai=resultat["essai"],
            ecrit=resultat["ecrit"],
            bilan=resultat["bilan"],
            lignes=resultat["lignes"],
        )
        if resultat
        else None,
    )


@router.post(
    "/portefeuille/{region}/import",
    response={200: RapportSortie, 202: TravailImportSortie, 422: ErreurSortie},
    summary="Importer le portefeuille d'une région (essai tout de suite ; import réel par le travailleur)",
    openapi_extra=erreurs(403),
)
def importer_portefeuille(
    request: HttpRequest, region: str, essai: bool = False, fichier: UploadedFile | None = FICHIER_FACULTATIF
) -> Status:
    """Envoi en multipart/form-data, champ `fichier`. Essai (`essai=true`) : réponse 200, le rapport ligne par ligne,
    rien n'est écrit. Import réel : réponse 202, le travail confié au travailleur, à relire à son adresse (`url`)
    jusqu'à ce qu'il soit fini ; son rapport dit alors si l'import est enregistré (tout ou rien : une ligne refusée et
    rien n'est écrit). Le même fichier renvoyé par le même agent rend le même travail, sans second import. Un fichier
    illisible (encodage, séparateur, intitulés, taille, nombre de lignes) est refusé tout de suite : 422."""
    region = _region(request, region)
    if fichier is None:
        return Status(
            422, ErreurSortie(code="donnees_invalides", message="Fichier manquant : champ « fichier » (CSV ou XLSX).")
        )
    if fichier.size and fichier.size > TAILLE_MAX_OCTETS:
        message = f"Fichier trop volumineux : la limite est de {TAILLE_MAX_OCTETS // 1024} Ko."
        return Status(422, ErreurSortie(code="donnees_invalides", message=message))
    nom, contenu = fichier.name or "", fichier.read()
    try:
        if essai:
            return Status(200, _sortie(importer(nom, contenu, region, request.user, essai=True)))
        # Ce qui rend le fichier entier illisible se voit à la lecture, sans écrire : refusé avant d'attendre le
        # travailleur.
        for _ in lire(nom, contenu):
            pass
    except FichierRefuse as erreur:
        return Status(
            422, ErreurSortie(code="donnees_invalides", message=f"Fichier refusé, rien n'a été écrit. {erreur}")
        )
    travail = lancer_import(nom, contenu, region, hashlib.sha256(contenu).hexdigest(), request.user)
    return Status(202, _travail(travail))


@router.get(
    "/portefeuille/travaux/{travail_id}",
    response=TravailImportSortie,
    summary="Un import de portefeuille confié au travailleur : avancement, puis rapport",
)
def travail_import(request: HttpRequest, travail_id: int) -> TravailImportSortie:
    """L'état du travail (en attente, en cours, terminé, échec), les lignes déjà traitées sur le total pendant
    l'import, puis le rapport ligne par ligne une fois terminé. Seul l'agent qui a lancé l'import le voit : pour tout
    autre, 404."""
    return _travail(get_object_or_404(Travail, pk=travail_id, genre=GENRE, demandeur=request.user))
