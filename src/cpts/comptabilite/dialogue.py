"""Le dialogue de gestion s'ouvre sur la situation financière de l'année ([ars-aura-guide] : le dialogue revoit
les missions et leurs moyens) : les comptes déposés de l'exercice où finit l'année du contrat examinée, l'ACI
versée, les réserves ; les parties y consignent leurs conclusions."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cpts.comptabilite import services, sources
from cpts.comptabilite.enums import Statut
from cpts.comptabilite.models import ConclusionsFinancieres, Exercice
from cpts.comptes.droits import Action, exiger
from cpts.contrats.models import DialogueGestion
from cpts.regles.comptabilite import plan
from cpts.regles.dates import anniversaire


@dataclass(frozen=True)
class Situation:
    annee: int
    exercice: Exercice | None
    comptes: plan.Comptes | None
    verse: dict[str, Any]
    conclusions: ConclusionsFinancieres | None

    @property
    def charges_par_mission(self) -> list[tuple[str, Any]]:
        if self.comptes is None:
            return []
        return sorted(self.comptes.charges_par_mission.items())


def exercice_du_dialogue(dialogue: DialogueGestion) -> int:
    """L'exercice (année civile) où finit l'année du contrat examinée."""
    return (anniversaire(dialogue.contrat.signature, dialogue.annee) - timedelta(days=1)).year


def situation(dialogue: DialogueGestion) -> Situation:
    annee = exercice_du_dialogue(dialogue)
    exercice = (
        Exercice.objects.filter(cpts_id=dialogue.contrat.cpts_id, annee=annee, statut=Statut.DEPOSE)
        .prefetch_related("lignes")
        .first()
    )
    conclusions = ConclusionsFinancieres.objects.filter(dialogue=dialogue).first()
    return Situation(
        annee=annee,
        exercice=exercice,
        comptes=services.comptes_de(exercice) if exercice else None,
        verse=sources.versements_de_l_annee(dialogue.contrat.cpts, annee),
        conclusions=conclusions,
    )


@transaction.atomic
def conclure(dialogue: DialogueGestion, auteur: Any, texte: str) -> ConclusionsFinancieres:
    """Enregistre (ou remplace) les conclusions des parties sur la situation financière, avec les comptes lus."""
    exiger(auteur, Action.SUIVRE_CONTRAT, dialogue)
    if not texte.strip():
        raise ValidationError({"texte": "Conclusions : écrivez ce que les parties retiennent des comptes de l'année."})
    lue = situation(dialogue)
    conclusions, _ = ConclusionsFinancieres.objects.select_for_update().get_or_create(
        dialogue=dialogue, defaults={"texte": texte.strip(), "enregistre_par": auteur, "exercice": lue.exercice}
    )
    conclusions.texte, conclusions.enregistre_par, conclusions.exercice = texte.strip(), auteur, lue.exercice
    conclusions._history_user = auteur
    conclusions.save()
    return conclusions
