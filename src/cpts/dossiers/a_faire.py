"""Ce qui est attendu d'une personne maintenant, pour sa page d'accueil : les demandes de complément d'abord.

L'équipe projet répond aux demandes ouvertes de ses CPTS ; l'agent qui instruit lit les réponses reçues et lève les
demandes. Les plus anciennes échéances d'abord ; une échéance passée est marquée en retard.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cpts.comptes.droits import Action, filtrer, portee
from cpts.dossiers.enums import ETAPES_OUVERTES, StatutDemande
from cpts.dossiers.models import DemandeComplement


@dataclass(frozen=True)
class Tache:
    texte: str
    demande: DemandeComplement
    echeance: datetime.date | None
    en_retard: bool


def demandes(utilisateur: Any, aujourd_hui: datetime.date | None = None) -> list[Tache]:
    aujourd_hui = aujourd_hui or timezone.localdate()
    ouvertes = DemandeComplement.objects.filter(cpts__etape__in=ETAPES_OUVERTES)
    if portee(utilisateur, Action.INSTRUIRE) is not None:
        a_lever = filtrer(utilisateur, ouvertes.filter(statut=StatutDemande.REPONDUE), Action.INSTRUIRE)
        taches = [
            Tache(f"Lire la réponse et lever la demande « {d.objet} »", d, d.echeance, False) for d in _lire(a_lever)
        ]
    else:
        a_repondre = filtrer(utilisateur, ouvertes.filter(statut=StatutDemande.OUVERTE), Action.MODIFIER)
        taches = [
            Tache(f"Répondre à la demande « {d.objet} »", d, d.echeance, _en_retard(d, aujourd_hui))
            for d in _lire(a_repondre)
        ]
    return sorted(taches, key=lambda t: (not t.en_retard, t.echeance or datetime.date.max, t.demande.pk))


def _lire(demandes_: Any) -> list[DemandeComplement]:
    return list(demandes_.select_related("cpts").order_by("echeance", "pk")[:50])


def _en_retard(demande: DemandeComplement, aujourd_hui: datetime.date) -> bool:
    return demande.echeance is not None and demande.echeance < aujourd_hui
