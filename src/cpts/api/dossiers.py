"""API REST des dossiers de CPTS, montée dans l'API v1.

Mêmes droits que les pages : lecture selon le périmètre (`VOIR`), membres et documents par l'équipe projet et
les agents (`MODIFIER`), décisions d'étape par les agents qui instruisent (`INSTRUIRE`). Un refus métier lève
une `ValidationError` (409 avec ses raisons en français), un accès refusé une `PermissionDenied` (403).
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from cpts.api.concurrence import Revision, RevisionLue
from cpts.api.documentation import erreurs
from cpts.api.erreurs import ErreurSortie
from cpts.api.pagination import Pagination
from cpts.api.types import Jour
from cpts.comptes.droits import Action, autorise, exiger
from cpts.dossiers import depots, documents, etapes, formulaires, membres, suivi
from cpts.dossiers.models import Cpts, Depot, Document, Membre

router = Router(tags=["Dossiers CPTS"])


def _cpts(request: HttpRequest, cpts_id: int, action: Action = Action.VOIR) -> Cpts:
    cpts = get_object_or_404(Cpts, pk=cpts_id)
    exiger(request.user, action, cpts)
    return cpts


class TransitionSortie(Schema):
    code: str
    libelle: str
    depuis: list[str]
    vers: str
    instances: list[str]
    motif_obligatoire: bool
    par_depot: bool


class AttenduSortie(Schema):
    texte: str
    echeance: date | None
    niveau: str


class DossierSortie(Schema):
    id: int
    revision: Revision
    nom: str
    region: str
    departement: str
    autres_departements: list[str]
    etape: str
    etape_libelle: str
    etape_depuis: date | None
    reputee_validee_le: date | None
    attendu: AttenduSortie
    association_statut: str
    association_nom: str
    siret: str
    adresse: str
    code_postal: str
    commune_siege: str
    representant_nom: str
    membres: int
    adherents: int
    pluriprofessionnelle: bool


class DecisionSortie(Schema):
    id: int
    transition: str
    libelle: str
    etape_avant: str
    etape_apres: str
    date: date
    instance: str
    motif: str
    subvention: float | None
    cpts_absorbante_id: int | None
    depot_id: int | None
    enregistre_par: str
    enregistre_le: datetime


class DecisionEntree(Schema):
    transition: str
    date: Jour
    instance: str
    motif: str = ""
    cpts_absorbante_id: int | None = None


class MembreEntree(Schema):
    type: str
    profession: str = ""
    recours: str = ""
    categorie: str = ""
    nom: str
    prenom: str = ""
    rpps: str = ""
    lieu_exercice: str = ""
    structure: str = ""
    gouvernance: bool = False
    adherent: bool = True
    participation_incertaine: bool = False


class MembreSortie(MembreEntree):
    id: int
    revision: Revision


class VersionSortie(Schema):
    numero: int
    depose_le: datetime
    depose_par: str


class DocumentSortie(Schema):
    id: int
    revision: Revision
    type: str
    titre: str
    versions: list[VersionSortie]
    brouillon: dict[str, Any] | None


class VersionDetailSortie(VersionSortie):
    contenu: dict[str, Any]


class BrouillonEntree(Schema):
    valeurs: dict[str, Any]
    revision: RevisionLue


def _decision(decision: Any) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "transition": decision.transition,
        "libelle": decision.get_transition_display(),
        "etape_avant": decision.etape_avant,
        "etape_apres": decision.etape_apres,
        "date": decision.date,
        "instance": decision.instance,
        "motif": decision.motif,
        "subvention": float(decision.subvention) if decision.subvention is not None else None,
        "cpts_absorbante_id": decision.cpts_absorbante_id,
        "depot_id": decision.depot_id,
        "enregistre_par": decision.enregistre_par.get_full_name() or decision.enregistre_par.username,
        "enregistre_le": decision.enregistre_le,
    }


def _nom(utilisateur: Any) -> str:
    return utilisateur.get_full_name() or utilisateur.username


@router.get("/dossiers/transitions", response=list[TransitionSortie], summary="La table des transitions d'étape")
def transitions(request: HttpRequest) -> list[dict[str, Any]]:
    """Chaque transition du parcours d'une CPTS, de la dynamique au contrat : étapes de départ et d'arrivée, instances
    qui décident, motif obligatoire ou non."""
    return [
        {
            "code": t.code,
            "libelle": t.libelle,
            "depuis": sorted(t.depuis),
            "vers": t.vers,
            "instances": list(t.instances),
            "motif_obligatoire": t.motif_obligatoire,
            "par_depot": t.par_depot,
        }
        for t in etapes.TRANSITIONS.values()
    ]


@router.get("/cpts/{cpts_id}/dossier", response=DossierSortie, summary="Le dossier d'une CPTS")
def dossier(request: HttpRequest, cpts_id: int) -> dict[str, Any]:
    """L'étape d'une CPTS, ce qui est attendu ensuite avec son échéance, l'association porteuse et le décompte des
    membres."""
    cpts = _cpts(request, cpts_id)
    decompte = membres.decompter(cpts)
    attendu = suivi.attendu(cpts)
    return {
        **{champ: getattr(cpts, champ) for champ in DossierSortie.model_fields if hasattr(cpts, champ)},
        "id": cpts.pk,
        "etape_libelle": cpts.get_etape_display(),
        "attendu": {"texte": attendu.texte, "echeance": attendu.echeance, "niveau": attendu.niveau},
        "membres": decompte.total,
        "adherents": decompte.adherents,
        "pluriprofessionnelle": decompte.pluriprofessionnelle,
    }


@router.get("/cpts/{cpts_id}/decisions", response=list[DecisionSortie], summary="Les décisions d'étape")
def decisions(request: HttpRequest, cpts_id: int) -> list[dict[str, Any]]:
    """Les décisions d'étape d'une CPTS avec leur instance, leur motif et leur auteur."""
    cpts = _cpts(request, cpts_id)
    return [_decision(d) for d in cpts.decisions.select_related("enregistre_par")]


@router.post(
    "/cpts/{cpts_id}/decisions",
    response={201: DecisionSortie},
    summary="Enregistrer une décision d'étape",
    openapi_extra=erreurs(403, 409),
)
def decider(request: HttpRequest, cpts_id: int, entree: DecisionEntree) -> Status:
    """Enregistre la décision d'une instance (ARS, CPAM, CPR) qui fait passer la CPTS à une autre étape ; la transition
    doit partir de l'étape actuelle, et son motif est exigé quand la table des transitions le dit."""
    cpts = _cpts(request, cpts_id)
    absorbante = None
    if entree.cpts_absorbante_id is not None:
        # Hors du périmètre, la CPTS absorbante est inconnue, comme une CPTS qui n'existe pas.
        absorbante = Cpts.objects.visibles_par(request.user).filter(pk=entree.cpts_absorbante_id).first()
        if absorbante is None:
            raise ValidationError({"cpts_absorbante": "CPTS absorbante : identifiant inconnu."})
    decision = etapes.franchir(
        cpts,
        entree.transition,
        request.user,
        date=entree.date,
        instance=entree.instance,
        motif=entree.motif,
        cpts_absorbante=absorbante,
    )
    return Status(201, _decision(decision))


@router.get("/cpts/{cpts_id}/membres", response=list[MembreSortie], summary="Les membres d'une CPTS, par pages")
@paginate(Pagination)
def lister_membres(request: HttpRequest, cpts_id: int) -> object:
    """Les professionnels et structures membres d'une CPTS, par pages."""
    return _cpts(request, cpts_id).membres.order_by("pk")


@router.post(
    "/cpts/{cpts_id}/membres",
    response={201: MembreSortie},
    summary="Ajouter un membre",
    openapi_extra=erreurs(403, 409),
)
def ajouter_membre(request: HttpRequest, cpts_id: int, entree: MembreEntree) -> Status:
    """Ajoute un professionnel ou une structure aux membres d'une CPTS (équipe projet ou agent de son périmètre)."""
    cpts = _cpts(request, cpts_id, Action.MODIFIER)
    membre = membres.enregistrer_membre(Membre(cpts=cpts, **entree.dict()), request.user)
    return Status(201, membre)


def _document(document: Document, brouillon_visible: bool) -> dict[str, Any]:
    return {
        "id": document.pk,
        "revision": document.revision,
        "type": document.type,
        "titre": document.titre,
        "versions": [
            {"numero": d.numero, "depose_le": d.depose_le, "depose_par": _nom(d.depose_par)}
            for d in sorted(document.depots.all(), key=lambda d: d.numero)
        ],
        "brouillon": document.brouillon if brouillon_visible else None,
    }


@router.get("/cpts/{cpts_id}/documents", response=list[DocumentSortie], summary="Les documents et leurs versions")
def lister_documents(request: HttpRequest, cpts_id: int) -> list[dict[str, Any]]:
    """Pré-projet, projet de santé, fiches action et budgets d'une CPTS avec leurs versions déposées ; le brouillon ne
    se montre qu'à qui peut le modifier."""
    cpts = _cpts(request, cpts_id)
    # Les brouillons ne se montrent qu'à ceux qui peuvent les modifier (équipe projet, agents).
    brouillons = autorise(request.user, Action.MODIFIER, cpts)
    return [
        _document(document, brouillons)
        for document in cpts.documents.prefetch_related("depots__depose_par").order_by("type", "pk")
    ]


@router.post(
    "/cpts/{cpts_id}/documents/{type_document}",
    response={201: DocumentSortie},
    summary="Créer un document",
    openapi_extra=erreurs(403, 409),
)
def creer_document(request: HttpRequest, cpts_id: int, type_document: str) -> Status:
    """Crée un document vide du type donné (pre_projet, projet_sante, fiche_action, budget) ; son brouillon s'écrit
    ensuite."""
    cpts = _cpts(request, cpts_id, Action.MODIFIER)
    return Status(201, _document(depots.creer_document(cpts, type_document), True))


def _document_de(request: HttpRequest, cpts_id: int, document_id: int, action: Action) -> Document:
    cpts = _cpts(request, cpts_id, action)
    return get_object_or_404(Document, pk=document_id, cpts=cpts)


@router.put(
    "/cpts/{cpts_id}/documents/{document_id}/brouillon",
    response={200: DocumentSortie, 409: ErreurSortie},
    summary="Enregistrer le brouillon",
    description="Remplace le brouillon, si personne ne l'a enregistré depuis la révision lue (sinon 409 `conflit`).",
    openapi_extra=erreurs(403),
)
def enregistrer_brouillon(
    request: HttpRequest, cpts_id: int, document_id: int, entree: BrouillonEntree
) -> dict[str, Any]:
    document = _document_de(request, cpts_id, document_id, Action.MODIFIER)
    # Les valeurs passent par le formulaire des pages : mêmes types, mêmes messages (dates AAAA-MM-JJ admises).
    inconnues = sorted(set(entree.valeurs) - {champ.cle for _, champ in documents.modele(document.type).champs()})
    if inconnues:
        raise ValidationError([f"Champ inconnu pour ce document : « {cle} »." for cle in inconnues])
    formulaire = formulaires.formulaire_document(documents.modele(document.type), entree.valeurs)
    if not formulaire.is_valid():
        raise ValidationError(
            [
                f"{formulaire.fields[cle].label} : {erreur}"
                for cle, erreurs in formulaire.errors.items()
                for erreur in erreurs
            ]
        )
    depots.enregistrer_brouillon(document, formulaire.cleaned_data, request.user, revision=entree.revision)
    return _document(document, True)


@router.post(
    "/cpts/{cpts_id}/documents/{document_id}/versions",
    response={201: VersionDetailSortie},
    summary="Déposer le brouillon (version figée et numérotée)",
    openapi_extra=erreurs(403, 409),
)
def deposer(request: HttpRequest, cpts_id: int, document_id: int) -> Status:
    """Fige le brouillon en une version numérotée et datée, si les champs requis au dépôt sont remplis ; les annexes
    (territoire, membres) sont figées avec elle."""
    document = _document_de(request, cpts_id, document_id, Action.MODIFIER)
    depot = depots.deposer(document, request.user)
    return Status(201, _version(depot))


def _version(depot: Depot) -> dict[str, Any]:
    return {
        "numero": depot.numero,
        "depose_le": depot.depose_le,
        "depose_par": _nom(depot.depose_par),
        "contenu": depot.contenu,
    }


@router.get(
    "/cpts/{cpts_id}/documents/{document_id}/versions/{numero}",
    response=VersionDetailSortie,
    summary="Une version déposée",
)
def lire_version(request: HttpRequest, cpts_id: int, document_id: int, numero: int) -> dict[str, Any]:
    """Le contenu figé d'une version déposée : valeurs saisies et annexes telles qu'au dépôt."""
    document = _document_de(request, cpts_id, document_id, Action.VOIR)
    return _version(get_object_or_404(document.depots.select_related("depose_par"), numero=numero))
