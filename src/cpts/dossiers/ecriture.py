"""Les règles de toute écriture dans le dossier d'une CPTS, revérifiées ici quoi que l'interface ait montré.

Pages, API, commandes et imports passent par ces fonctions : un bouton caché n'est qu'une politesse. Un dossier
fermé (projet abandonné ou fusionné) ne se modifie plus ; la fiche garde une région et des départements du
référentiel, qui concordent ; et, enregistrée, elle reste dans le périmètre de qui l'écrit : ses valeurs
nouvelles sont relues par le point de décision des droits, pas seulement ses valeurs d'avant.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cpts.comptes.droits import Action, autorise
from cpts.concurrence import verrouiller
from cpts.dossiers.enums import ETAPES_FERMEES, Etape
from cpts.dossiers.models import Cpts
from cpts.territoires.localisation import verifier_localisation


def exiger_ouverte(cpts: Cpts) -> None:
    """Refuse toute écriture dans le dossier d'une CPTS abandonnée ou fusionnée (lu en base, pas en mémoire)."""
    etape = Cpts.objects.filter(pk=cpts.pk).values_list("etape", flat=True).first() or cpts.etape
    if etape in ETAPES_FERMEES:
        raise ValidationError(
            f"La CPTS est {Etape(etape).label.lower()}e : son dossier est clos, il ne se modifie plus."
        )


def _hors_perimetre(auteur: Any, cpts: Cpts, inscription: bool) -> ValidationError:
    """Le refus nomme le champ qui sort la fiche du périmètre : la région d'un agent régional, sinon le département."""
    suite = (
        "Vous ne pouvez inscrire qu'une CPTS de votre périmètre (région ou départements)."
        if inscription
        else "Vous ne pouvez pas déplacer une CPTS hors de votre périmètre."
    )
    if getattr(auteur, "region", "") and cpts.region != auteur.region:
        return ValidationError({"region": f"Région : « {cpts.region} » est hors de votre périmètre. {suite}"})
    return ValidationError(
        {"departement": f"Département principal : « {cpts.departement} » est hors de votre périmètre. {suite}"}
    )


@transaction.atomic
def enregistrer_fiche(cpts: Cpts, auteur: Any, *, revision: int | None) -> Cpts:
    """Inscrit (sans `pk`) ou modifie la fiche d'une CPTS avec les valeurs posées sur `cpts`, ou refuse sans rien
    écrire : `ValidationError` par champ, `ModificationConcurrente` si quelqu'un l'a enregistrée depuis la `revision`
    lue."""
    inscription = cpts.pk is None
    if not inscription:
        exiger_ouverte(cpts)
    verifier_localisation(cpts.region, cpts.departement, list(cpts.autres_departements))
    if not inscription:
        verrouiller(cpts, revision)
    cpts._history_user = auteur
    cpts.save()
    # Relu en base après l'écriture : hors du périmètre de l'auteur, la transaction est annulée.
    if not autorise(auteur, Action.INSTRUIRE if inscription else Action.MODIFIER, cpts):
        raise _hors_perimetre(auteur, cpts, inscription)
    return cpts
