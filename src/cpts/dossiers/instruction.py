"""L'instruction d'un dossier : notes privées des agents, demandes de complément et réponses de l'équipe projet.

Les notes ne sont lues que par ceux qui instruisent (droit « instruire ») : l'équipe projet ne les voit jamais.
Les demandes sont vues de l'équipe, qui y répond ; l'agent les lève une fois satisfait.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cpts.comptes.droits import Action, autorise, filtrer
from cpts.dossiers import courriels
from cpts.dossiers.ecriture import exiger_ouverte
from cpts.dossiers.enums import StatutDemande
from cpts.dossiers.models import Cpts, DemandeComplement, Document, NoteInstruction, ReponseDemande


def _exiger(auteur: Any, action: Action, cpts: Cpts) -> None:
    if not autorise(auteur, action, cpts):
        raise PermissionDenied(
            "Seul un agent ARS ou CPAM dont le périmètre couvre la CPTS instruit son dossier."
            if action == Action.INSTRUIRE
            else "Vous ne pouvez pas répondre pour ce dossier : il est hors de votre périmètre ou de votre rôle."
        )


def notes_visibles(utilisateur: Any, cpts: Cpts) -> QuerySet[NoteInstruction]:
    return filtrer(utilisateur, NoteInstruction.objects.filter(cpts=cpts), Action.INSTRUIRE).select_related("auteur")


def ecrire_note(cpts: Cpts, texte: str, auteur: Any) -> NoteInstruction:
    _exiger(auteur, Action.INSTRUIRE, cpts)
    if not texte.strip():
        raise ValidationError({"texte": "Note : le texte est vide."})
    return NoteInstruction.objects.create(cpts=cpts, texte=texte.strip(), auteur=auteur)


@transaction.atomic
def demander_complement(
    cpts: Cpts,
    auteur: Any,
    *,
    objet: str,
    texte: str,
    echeance: datetime.date | None = None,
    document: Document | None = None,
) -> DemandeComplement:
    _exiger(auteur, Action.INSTRUIRE, cpts)
    exiger_ouverte(cpts)
    erreurs = {}
    if not objet.strip():
        erreurs["objet"] = "Objet : obligatoire."
    if not texte.strip():
        erreurs["texte"] = "Demande : dites ce qui est attendu."
    if echeance is not None and echeance < timezone.localdate():
        erreurs["echeance"] = f"Réponse attendue avant le : le {echeance:%d/%m/%Y} est déjà passé."
    if document is not None and document.cpts_id != cpts.pk:
        erreurs["document"] = "Document : il n'appartient pas à ce dossier."
    if erreurs:
        raise ValidationError(erreurs)
    demande = DemandeComplement(
        cpts=cpts, document=document, objet=objet.strip(), texte=texte.strip(), echeance=echeance, demandee_par=auteur
    )
    demande._history_user = auteur
    demande.save()
    courriels.complement_demande(demande)
    return demande


@transaction.atomic
def repondre(demande: DemandeComplement, texte: str, auteur: Any) -> ReponseDemande:
    """L'équipe projet (ou un agent) répond ; la demande passe « réponse reçue »."""
    _exiger(auteur, Action.MODIFIER, demande.cpts)
    exiger_ouverte(demande.cpts)
    if demande.statut == StatutDemande.LEVEE:
        raise ValidationError("Cette demande est levée : elle n'attend plus de réponse.")
    if not texte.strip():
        raise ValidationError({"texte": "Réponse : le texte est vide."})
    reponse = ReponseDemande.objects.create(demande=demande, texte=texte.strip(), auteur=auteur)
    demande.statut = StatutDemande.REPONDUE
    demande._history_user = auteur
    demande.save(update_fields=["statut"])
    courriels.reponse_donnee(reponse)
    return reponse


def lever(demande: DemandeComplement, auteur: Any) -> DemandeComplement:
    _exiger(auteur, Action.INSTRUIRE, demande.cpts)
    if demande.statut == StatutDemande.LEVEE:
        raise ValidationError("Cette demande est déjà levée.")
    demande.statut = StatutDemande.LEVEE
    demande.levee_le = timezone.now()
    demande._history_user = auteur
    demande.save(update_fields=["statut", "levee_le"])
    return demande
