"""Rectifier une décision d'étape enregistrée par erreur : une nouvelle décision datée, l'erreur gardée au dossier.

Les décisions sont des lignes immuables (elles font foi) : on n'efface pas celle qui a été saisie par erreur. La
rectification est une ligne de plus, datée, motivée, qui nomme la décision rectifiée et ramène le projet à l'étape
d'avant. Les tableaux « à une date » lisent donc l'erreur entre sa date et celle de la rectification : c'est ce que
le dossier disait alors.

Ne se rectifie que la dernière décision du dossier (en rectifier une plus ancienne réécrirait celles qui la
suivent), prise par une instance d'instruction (un dépôt de l'équipe projet se retire en déposant à nouveau), et
dont l'effet ne dépasse pas le dossier : une fermeture a rendu ou transféré le territoire, une signature a créé un
contrat ; celles-là se reprennent là où leurs effets sont tenus.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cpts.comptes.droits import Action, autorise
from cpts.dossiers import courriels
from cpts.dossiers.enums import ETAPES_FERMEES, TransitionEtape
from cpts.dossiers.etapes import TRANSITIONS
from cpts.dossiers.models import Cpts, DecisionEtape

REFUS_DROITS = "Seul un agent ARS ou CPAM dont le périmètre couvre la CPTS rectifie une de ses décisions."


def derniere_decision(cpts: Cpts) -> DecisionEtape | None:
    return cpts.decisions.order_by("-date", "-enregistre_le", "-pk").first()


def rectifiable(cpts: Cpts, decisions: Sequence[DecisionEtape] | None = None) -> DecisionEtape | None:
    """La décision que la fiche propose de rectifier : la dernière, si elle peut l'être. `decisions` : celles du
    dossier que la fiche a déjà lues, dans l'ordre de `derniere_decision` renversé (la dernière en dernier)."""
    derniere = derniere_decision(cpts) if decisions is None else (decisions[-1] if decisions else None)
    return derniere if derniere is not None and not raisons_de_refuser(derniere, derniere) else None


def raisons_de_refuser(decision: DecisionEtape, derniere: DecisionEtape | None = None) -> list[str]:
    """Pourquoi cette décision ne peut pas être rectifiée (vide : elle peut l'être). Lu aussi par la fiche, qui
    n'offre la rectification que là où elle est possible ; `derniere` : la dernière décision du dossier, si elle est
    déjà lue."""
    if decision.transition == TransitionEtape.RECTIFIER:
        return ["Une rectification ne se rectifie pas : enregistrez à nouveau la décision voulue."]
    derniere = derniere or derniere_decision(decision.cpts)
    if derniere is None or derniere.pk != decision.pk:
        return ["Seule la dernière décision du dossier se rectifie : celles qui l'ont suivie reposent sur elle."]
    regle = TRANSITIONS.get(TransitionEtape(decision.transition))
    if regle is not None and regle.par_depot:
        return ["Un dépôt de l'équipe projet ne se rectifie pas : elle dépose une nouvelle version du document."]
    if decision.etape_apres in ETAPES_FERMEES:
        return [
            "Une fermeture (abandon, fusion) ne se rectifie pas ici : le territoire du projet a été rendu ou transféré."
        ]
    if decision.transition == TransitionEtape.SIGNER_CONTRAT and decision.cpts.contrats.exists():
        return ["La signature porte un contrat enregistré : elle ne se rectifie pas ici, le contrat en dépend."]
    return []


def _depuis(decision: DecisionEtape) -> datetime.date | None:
    """Depuis quand le projet était à l'étape que la rectification lui rend : la décision qui l'y avait mené (le délai
    de deux mois d'un projet de santé déposé repart de son vrai dépôt), sinon la fiche telle qu'elle était avant."""
    precedente = (
        decision.cpts.decisions.filter(etape_apres=decision.etape_avant, date__lte=decision.date)
        .exclude(pk=decision.pk)
        .order_by("-date", "-pk")
        .first()
    )
    if precedente is not None:
        return precedente.date
    avant = decision.cpts.historique.filter(history_date__lt=decision.enregistre_le).order_by("-history_date").first()
    if avant is not None and avant.etape == decision.etape_avant:
        return avant.etape_depuis
    return decision.cpts.dynamique_depuis


@transaction.atomic
def rectifier(decision: DecisionEtape, auteur: Any, *, date: datetime.date | None = None, motif: str) -> DecisionEtape:
    """Enregistre la rectification de `decision` et rend au projet son étape d'avant, ou refuse sans rien écrire
    (ValidationError par champ, PermissionDenied hors des droits d'instruire la CPTS)."""
    # Verrouiller la CPTS sérialise la rectification avec une décision concurrente sur le même dossier.
    cpts = Cpts.objects.select_for_update().get(pk=decision.cpts_id)
    if not autorise(auteur, Action.INSTRUIRE, cpts):
        raise PermissionDenied(REFUS_DROITS)
    decision = DecisionEtape.objects.select_related("cpts").get(pk=decision.pk)
    date = date or timezone.localdate()
    erreurs: dict[str, list[str]] = {}
    raisons = raisons_de_refuser(decision)
    if raisons:
        erreurs[NON_FIELD_ERRORS] = raisons
    if not motif.strip():
        erreurs["motif"] = ["Motif : dites quelle erreur est rectifiée."]
    if date > timezone.localdate():
        erreurs["date"] = [f"Date de la rectification : le {date:%d/%m/%Y} est dans le futur."]
    elif date < decision.date:
        erreurs["date"] = [
            f"Date de la rectification : elle ne peut précéder la décision rectifiée, du {decision.date:%d/%m/%Y}."
        ]
    if not raisons and cpts.etape != decision.etape_apres:
        erreurs.setdefault(NON_FIELD_ERRORS, []).append(
            "L'étape du dossier n'est plus celle où cette décision l'a mené : rien à rectifier."
        )
    if erreurs:
        raise ValidationError(erreurs)
    rectification = DecisionEtape.objects.create(
        cpts=cpts,
        transition=TransitionEtape.RECTIFIER,
        etape_avant=cpts.etape,
        etape_apres=decision.etape_avant,
        date=date,
        instance=decision.instance,
        motif=motif.strip(),
        rectifie=decision,
        enregistre_par=auteur,
    )
    cpts.etape = decision.etape_avant
    cpts.etape_depuis = _depuis(decision)
    cpts._history_user = auteur
    cpts.save(update_fields=["etape", "etape_depuis"])
    courriels.decision_enregistree(rectification)
    return rectification
