"""Le profil du territoire dans le diagnostic du projet de santé (section 1.8) : l'équipe le joint à son brouillon,
chaque dépôt le fige tel qu'il se lisait ce jour-là (le dépôt est daté : les valeurs importées ensuite n'y
changent rien)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cpts.comptes.droits import Action, exiger
from cpts.diagnostic.models import ProfilFige, ProfilJoint
from cpts.diagnostic.presentation import en_json
from cpts.diagnostic.profil import profil
from cpts.dossiers.enums import ETAPES_FERMEES, TypeDocument
from cpts.dossiers.models import Depot, Document
from cpts.territoires.enregistrement import territoire_en_cours


def profil_de_la_cpts(document: Document, themes: list[str]) -> dict[str, Any]:
    cpts = document.cpts
    territoire = territoire_en_cours(cpts)
    codes = list(territoire.unites.values_list("commune_id", flat=True)) if territoire else []
    contenu = en_json(profil(codes, cpts))
    if themes:
        contenu["themes"] = [theme for theme in contenu["themes"] if theme["nom"] in themes]
    return contenu


@transaction.atomic
def joindre(document: Document, themes: list[str], auteur: Any) -> ProfilJoint:
    """Joint (ou remplace) le profil du brouillon ; refuse un autre document que le projet de santé."""
    exiger(auteur, Action.MODIFIER, document.cpts)
    if document.type != TypeDocument.PROJET_SANTE:
        raise ValidationError("Seul le projet de santé reçoit le profil du territoire dans son diagnostic.")
    if document.cpts.etape in ETAPES_FERMEES:
        raise ValidationError("Le dossier de cette CPTS est clos : son projet de santé ne change plus.")
    joint, _ = ProfilJoint.objects.update_or_create(
        document=document, defaults={"themes": list(themes), "choisi_par": auteur}
    )
    return joint


@transaction.atomic
def retirer(document: Document, auteur: Any) -> None:
    exiger(auteur, Action.MODIFIER, document.cpts)
    ProfilJoint.objects.filter(document=document).delete()


def figer(sender: object, instance: Depot, created: bool, **kwargs: object) -> None:
    """Au dépôt d'un projet de santé qui a un profil joint : le profil du jour, dans la transaction du dépôt."""
    if not created or kwargs.get("raw"):
        return
    joint = ProfilJoint.objects.filter(document_id=instance.document_id).first()
    if joint is None:
        return
    ProfilFige.objects.create(depot=instance, contenu=profil_de_la_cpts(instance.document, joint.themes))
