"""Préparer un dossier de test : membres, documents déposés, étape posée."""

import datetime

from django.utils import timezone

from cpts.dossiers import depots, documents
from cpts.dossiers.enums import MissionAci, TypeDocument
from cpts.dossiers.models import Cpts, Depot, Document
from tests.dossiers import factories


def equipe_pluriprofessionnelle(cpts: Cpts) -> None:
    factories.MembreFactory(cpts=cpts)
    factories.MembreFactory(cpts=cpts, infirmier=True)
    factories.MembreFactory(cpts=cpts, structure_=True)


def depot_direct(cpts: Cpts, type_document: str, valeurs: dict[str, object], auteur: object) -> Depot:
    """Une version déposée posée sans passer par les règles de dépôt (étape, complétude)."""
    if type_document in (TypeDocument.PRE_PROJET, TypeDocument.PROJET_SANTE):
        document = depots.document_unique(cpts, type_document)
    else:
        document = Document.objects.create(cpts=cpts, type=type_document)
    document.brouillon = {cle: depots.valeur_json(valeur) for cle, valeur in valeurs.items()}
    document.save()
    numero = document.depots.count() + 1
    return Depot.objects.create(
        document=document,
        numero=numero,
        contenu={"valeurs": document.brouillon, "annexes": depots.annexes(cpts, documents.modele(type_document))},
        depose_le=timezone.now(),
        depose_par=auteur,
    )


def dossier_complet(auteur: object, etape: str | None = None, depuis: datetime.date | None = None, **kwargs) -> Cpts:
    """Une CPTS qui remplit toutes les conditions : territoire, équipe pluriprofessionnelle, association,
    pré-projet, fiches action des quatre missions socles, budget et projet de santé déposés."""
    cpts = factories.CptsFactory(avec_territoire=True, avec_association=True, **kwargs)
    equipe_pluriprofessionnelle(cpts)
    depot_direct(cpts, TypeDocument.PRE_PROJET, factories.valeurs_pre_projet(), auteur)
    for mission in (MissionAci.ACCES, MissionAci.PARCOURS, MissionAci.PREVENTION, MissionAci.CRISE):
        depot_direct(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(mission), auteur)
    depot_direct(cpts, TypeDocument.BUDGET, factories.valeurs_budget(), auteur)
    depot_direct(cpts, TypeDocument.PROJET_SANTE, factories.valeurs_projet_sante(), auteur)
    if etape is not None:
        Cpts.objects.filter(pk=cpts.pk).update(etape=etape, etape_depuis=depuis)
        cpts.refresh_from_db()
    return cpts
