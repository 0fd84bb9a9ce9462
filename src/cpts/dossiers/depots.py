"""Brouillons et dépôts des documents : enregistrer un brouillon, déposer une version figée et numérotée.

Le dépôt copie le brouillon et les annexes tirées du dossier à cet instant (territoire, membres, association,
fiches action et budgets déposés) : la version déposée ne bouge plus, quoi qu'il arrive ensuite au dossier.
Déposer le pré-projet (ou le projet de santé) à l'étape qui l'attend fait franchir l'étape correspondante.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cpts.comptes.droits import Action, autorise
from cpts.concurrence import verrouiller
from cpts.dossiers import documents, etapes
from cpts.dossiers.documents import Annexe
from cpts.dossiers.ecriture import exiger_ouverte
from cpts.dossiers.enums import (
    DOCUMENTS_UNIQUES,
    Etape,
    Instance,
    MissionAci,
    TransitionEtape,
    TypeDocument,
    TypeMembre,
)
from cpts.dossiers.models import Cpts, Depot, Document

# Les étapes auxquelles chaque document se dépose, et l'étape que son dépôt fait franchir.
ETAPES_DE_DEPOT = {
    TypeDocument.PRE_PROJET: {Etape.DYNAMIQUE, Etape.LETTRE_INTENTION},
    TypeDocument.PROJET_SANTE: {
        Etape.PRE_PROJET_VALIDE,
        Etape.PROJET_SANTE_DEPOSE,
        Etape.PROJET_SANTE_VALIDE,
        Etape.CONTRAT_SIGNE,
    },
}
TRANSITIONS_DE_DEPOT = {
    (TypeDocument.PRE_PROJET, Etape.DYNAMIQUE): TransitionEtape.DEPOSER_PRE_PROJET,
    (TypeDocument.PROJET_SANTE, Etape.PRE_PROJET_VALIDE): TransitionEtape.DEPOSER_PROJET_SANTE,
}


def valeur_json(valeur: object) -> object:
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, Decimal):
        return str(valeur)
    return "" if valeur is None else valeur


def document_unique(cpts: Cpts, type_document: str) -> Document:
    """Le pré-projet ou le projet de santé de la CPTS, créé vide au premier besoin."""
    assert type_document in DOCUMENTS_UNIQUES
    document, _ = Document.objects.get_or_create(cpts=cpts, type=type_document)
    return document


def creer_document(cpts: Cpts, type_document: str) -> Document:
    """Un nouveau document du dossier (le pré-projet et le projet de santé sont uniques : rendus s'ils existent)."""
    if type_document not in TypeDocument.values:
        raise ValidationError({"type": f"Type de document inconnu : « {type_document} »."})
    exiger_ouverte(cpts)
    if type_document in DOCUMENTS_UNIQUES:
        return document_unique(cpts, type_document)
    return Document.objects.create(cpts=cpts, type=type_document)


def _exiger_modifiable(document: Document, auteur: Any) -> None:
    if not autorise(auteur, Action.MODIFIER, document.cpts):
        raise PermissionDenied(
            "Vous ne pouvez pas modifier ce dossier : il est hors de votre périmètre ou de votre rôle."
        )
    exiger_ouverte(document.cpts)


@transaction.atomic
def enregistrer_brouillon(
    document: Document, valeurs: dict[str, object], auteur: Any, *, revision: int | None
) -> Document:
    """Remplace le brouillon par `valeurs`, si personne ne l'a enregistré depuis la `revision` lue (sinon
    `ModificationConcurrente`)."""
    _exiger_modifiable(document, auteur)
    verrouiller(document, revision)
    modele = documents.modele(document.type)
    document.brouillon = {cle: valeur_json(valeurs.get(cle)) for _, champ in modele.champs() for cle in [champ.cle]}
    if modele.champ_titre:
        document.titre = str(document.brouillon.get(modele.champ_titre) or "")[:200]
    document._history_user = auteur
    document.save()
    return document


def annexes(cpts: Cpts, modele: documents.ModeleDocument) -> dict[str, object]:
    """Les éléments du dossier que le document reprend, tels qu'ils sont maintenant."""
    voulues = {section.annexe for section in modele.sections if section.annexe} | set(modele.annexes_requises)
    contenu: dict[str, object] = {}
    if Annexe.ASSOCIATION in voulues:
        contenu[Annexe.ASSOCIATION] = {
            "statut": cpts.get_association_statut_display(),
            "nom": cpts.association_nom,
            "siret": cpts.siret,
            "adresse": " ".join(filter(None, [cpts.adresse, cpts.code_postal, cpts.commune_siege])),
            "representant": ", ".join(filter(None, [cpts.representant_nom, cpts.representant_qualite])),
            "contact": ", ".join(
                filter(
                    None,
                    [cpts.contact_nom, cpts.contact_profession, cpts.contact_courriel, cpts.contact_telephone],
                )
            ),
        }
    if Annexe.TERRITOIRE in voulues:
        contenu[Annexe.TERRITOIRE] = _territoire(cpts)
    if Annexe.PROFESSIONNELS in voulues or Annexe.STRUCTURES in voulues:
        membres = list(cpts.membres.all())
        contenu[Annexe.PROFESSIONNELS] = [
            {
                "profession": membre.get_profession_display(),
                "nom": f"{membre.nom} {membre.prenom}".strip(),
                "lieu": membre.lieu_exercice,
                "structure": membre.structure,
                "gouvernance": membre.gouvernance,
                "recours": membre.get_recours_display(),
                "incertain": membre.participation_incertaine,
            }
            for membre in membres
            if membre.type == TypeMembre.PROFESSIONNEL
        ]
        contenu[Annexe.STRUCTURES] = [
            {
                "categorie": membre.get_categorie_display(),
                "nom": membre.nom,
                "contact": membre.structure,
                "lieu": membre.lieu_exercice,
                "gouvernance": membre.gouvernance,
                "incertain": membre.participation_incertaine,
            }
            for membre in membres
            if membre.type == TypeMembre.STRUCTURE
        ]
    if Annexe.FICHES in voulues:
        contenu[Annexe.FICHES] = [
            {
                "intitule": depot.contenu["valeurs"].get("intitule", ""),
                "mission": MissionAci(depot.contenu["valeurs"]["mission"]).label
                if depot.contenu["valeurs"].get("mission") in MissionAci.values
                else "",
                "version": depot.numero,
                "depose_le": depot.depose_le.date().isoformat(),
            }
            for depot in etapes.derniers_depots(cpts, TypeDocument.FICHE_ACTION)
        ]
    if Annexe.BUDGETS in voulues:
        budgets = []
        for depot in etapes.derniers_depots(cpts, TypeDocument.BUDGET):
            totaux = documents.totaux_budget(depot.contenu["valeurs"])
            budgets.append(
                {
                    "exercice": depot.contenu["valeurs"].get("exercice", ""),
                    "charges": str(totaux.charges),
                    "produits": str(totaux.produits),
                    "version": depot.numero,
                }
            )
        contenu[Annexe.BUDGETS] = budgets
    return contenu


def _territoire(cpts: Cpts) -> dict[str, object]:
    from cpts.regles.taille import taille

    territoire = cpts.territoires.en_cours().first()
    if territoire is None:
        return {"communes": [], "population": 0, "taille": None, "depuis": None}
    communes = list(territoire.unites.select_related("commune").order_by("commune__nom"))
    population = sum(unite.commune.population for unite in communes)
    return {
        "communes": [[unite.commune.code, unite.commune.nom, unite.commune.population] for unite in communes],
        "population": population,
        "taille": taille(population) if communes else None,
        "depuis": territoire.debut.isoformat(),
    }


def verifier_depot(document: Document) -> list[str]:
    """Ce qui empêche de déposer le brouillon maintenant (vide : il peut l'être)."""
    raisons = []
    etapes_permises = ETAPES_DE_DEPOT.get(document.type)
    if etapes_permises is not None and document.cpts.etape not in etapes_permises:
        raisons.append(
            f"Le {document.get_type_display().lower()} ne se dépose pas à l'étape « "
            f"{document.cpts.get_etape_display()} »."
        )
    modele = documents.modele(document.type)
    raisons += documents.manquants(modele, document.brouillon, annexes(document.cpts, modele))
    return raisons


@transaction.atomic
def deposer(document: Document, auteur: Any) -> Depot:
    """Fige le brouillon en une nouvelle version numérotée ; refuse (ValidationError) un document incomplet."""
    # La CPTS relue et verrouillée : son étape décide de la transition, deux dépôts simultanés s'attendent.
    document.cpts = Cpts.objects.select_for_update().get(pk=document.cpts_id)
    _exiger_modifiable(document, auteur)
    raisons = verifier_depot(document)
    if raisons:
        raise ValidationError(raisons)
    modele = documents.modele(document.type)
    numero = (document.depots.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
    depot = Depot.objects.create(
        document=document,
        numero=numero,
        contenu={"valeurs": dict(document.brouillon), "annexes": annexes(document.cpts, modele)},
        depose_le=timezone.now(),
        depose_par=auteur,
    )
    transition = TRANSITIONS_DE_DEPOT.get((document.type, document.cpts.etape))
    if transition is not None:
        etapes.franchir(
            document.cpts,
            transition,
            auteur,
            date=timezone.localdate(),
            instance=Instance.EQUIPE_PROJET,
            depot=depot,
        )
        document.cpts.refresh_from_db()
    return depot
