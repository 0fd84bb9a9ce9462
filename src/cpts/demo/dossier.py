"""Les dossiers des coordinateurs de démonstration, après l'import (le portefeuille ne porte ni membres ni pièces).

- Monts du Lyonnais (compte « coordination ») : association créée, siège et représentant, équipe
  pluriprofessionnelle adhérente, pré-projet, fiches action des missions socles, budget et projet de santé déposés
  — toutes les vérifications de complétude passent.
- Le projet du compte « coordination.preprojet » en est à la dynamique : une petite équipe et un pré-projet en
  brouillon, prêt à compléter puis déposer — chaque étape du parcours s'essaie depuis les comptes de démonstration.

Contenu neutre, sans donnée personnelle : les membres portent un nom de fonction, pas de personne. Relancer ne
refait rien.
"""

import datetime

from django.utils import timezone

from cpts.comptes.models import Utilisateur
from cpts.dossiers import depots, documents
from cpts.dossiers.ecriture import enregistrer_fiche
from cpts.dossiers.enums import CategorieStructure, MissionAci, Profession, Recours, TypeDocument, TypeMembre
from cpts.dossiers.membres import enregistrer_membre
from cpts.dossiers.models import Cpts, Depot, Document, Membre

COORDINATION = ("69", "Monts du Lyonnais")
PRE_PROJET = ("69", "Projet 69-21")

# (profession, nombre) : une équipe de premier recours pluriprofessionnelle, avec de quoi compter ses adhérents.
EQUIPE = (
    (Profession.MEDECIN_GENERALISTE, 14),
    (Profession.INFIRMIER, 12),
    (Profession.MASSEUR_KINESITHERAPEUTE, 6),
    (Profession.PHARMACIEN_OFFICINE, 5),
    (Profession.SAGE_FEMME, 2),
    (Profession.ORTHOPHONISTE, 2),
    (Profession.CHIRURGIEN_DENTISTE, 2),
)
STRUCTURES = (
    ("Centre hospitalier de proximité", CategorieStructure.ETABLISSEMENT_SANTE),
    ("EHPAD du canton", CategorieStructure.MEDICO_SOCIAL),
)


def _membres(cpts: Cpts, auteur: Utilisateur, equipe: tuple[tuple[str, int], ...], structures: tuple) -> None:
    if cpts.membres.exists():
        return
    for profession, nombre in equipe:
        for numero in range(1, nombre + 1):
            libelle = Profession(profession).label
            enregistrer_membre(
                Membre(
                    cpts=cpts,
                    type=TypeMembre.PROFESSIONNEL,
                    profession=profession,
                    recours=Recours.PREMIER,
                    nom=f"{libelle} {numero}",
                    lieu_exercice=cpts.nom,
                    gouvernance=numero == 1,
                    adherent=True,
                ),
                auteur,
            )
    for nom, categorie in structures:
        enregistrer_membre(
            Membre(cpts=cpts, type=TypeMembre.STRUCTURE, categorie=categorie, nom=nom, adherent=True), auteur
        )


def _valeurs(type_document: str, repere: datetime.date, **autres: object) -> dict[str, object]:
    """Chaque champ du modèle rempli d'une phrase neutre (texte), de la date repère, du premier choix ou d'un
    montant ; `autres` précise ce qui compte (mission d'une fiche, exercice d'un budget)."""
    valeurs: dict[str, object] = {}
    for _, champ in documents.modele(type_document).champs():
        if champ.genre in (documents.Genre.TEXTE, documents.Genre.LIGNE):
            valeurs[champ.cle] = f"{champ.libelle} : voir le diagnostic partagé du territoire."
        elif champ.genre == documents.Genre.DATE:
            valeurs[champ.cle] = repere.isoformat()
        elif champ.genre == documents.Genre.CHOIX:
            valeurs[champ.cle] = champ.choix[0][0]
        elif champ.genre == documents.Genre.ANNEE:
            valeurs[champ.cle] = repere.year
        elif champ.genre == documents.Genre.MONTANT:
            valeurs[champ.cle] = "1000"
    valeurs.update(autres)
    return {cle: depots.valeur_json(valeur) for cle, valeur in valeurs.items()}


def _deposer(cpts: Cpts, type_document: str, valeurs: dict[str, object], auteur: Utilisateur) -> None:
    """La version déposée d'une pièce reprise de l'outil d'origine (le dossier a déjà franchi l'étape du dépôt)."""
    if type_document in (TypeDocument.PRE_PROJET, TypeDocument.PROJET_SANTE):
        document = depots.document_unique(cpts, type_document)
    else:
        document = Document.objects.create(cpts=cpts, type=type_document)
    document.brouillon = valeurs
    modele = documents.modele(type_document)
    if modele.champ_titre:
        document.titre = str(valeurs.get(modele.champ_titre) or "")[:200]
    document._history_user = auteur
    document.save()
    Depot.objects.create(
        document=document,
        numero=1,
        contenu={"valeurs": valeurs, "annexes": depots.annexes(cpts, modele)},
        depose_le=timezone.now(),
        depose_par=auteur,
    )


def completer_coordination(auteur: Utilisateur) -> None:
    cpts = Cpts.objects.filter(departement=COORDINATION[0], nom=COORDINATION[1]).first()
    if cpts is None or cpts.documents.exists():
        return
    cpts.adresse, cpts.code_postal, cpts.commune_siege = "Place de la mairie", "69590", "Saint-Symphorien-sur-Coise"
    cpts.representant_nom, cpts.representant_qualite = "Présidence de l'association", "president"
    enregistrer_fiche(cpts, auteur, revision=cpts.revision)
    _membres(cpts, auteur, EQUIPE, STRUCTURES)
    repere = cpts.dynamique_depuis or datetime.date(2019, 1, 1)
    _deposer(cpts, TypeDocument.PRE_PROJET, _valeurs(TypeDocument.PRE_PROJET, repere), auteur)
    for mission in (MissionAci.ACCES, MissionAci.PARCOURS, MissionAci.PREVENTION, MissionAci.CRISE):
        valeurs = _valeurs(TypeDocument.FICHE_ACTION, repere, mission=mission, intitule=f"Action {mission.label}")
        _deposer(cpts, TypeDocument.FICHE_ACTION, valeurs, auteur)
    _deposer(cpts, TypeDocument.BUDGET, _valeurs(TypeDocument.BUDGET, repere), auteur)
    _deposer(cpts, TypeDocument.PROJET_SANTE, _valeurs(TypeDocument.PROJET_SANTE, repere), auteur)


def preparer_pre_projet(auteur: Utilisateur) -> None:
    cpts = Cpts.objects.filter(departement=PRE_PROJET[0], nom=PRE_PROJET[1]).first()
    if cpts is None or cpts.documents.exists():
        return
    _membres(cpts, auteur, ((Profession.MEDECIN_GENERALISTE, 2), (Profession.INFIRMIER, 2)), ())
    document = depots.document_unique(cpts, TypeDocument.PRE_PROJET)
    depots.enregistrer_brouillon(
        document,
        {"communication": "Réunion publique avec les professionnels du secteur."},
        auteur,
        revision=document.revision,
    )


def completer_dossiers(auteur: Utilisateur) -> None:
    completer_coordination(auteur)
    preparer_pre_projet(auteur)
