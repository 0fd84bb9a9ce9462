import datetime

import factory

from cpts.dossiers.enums import (
    CategorieStructure,
    Etape,
    MissionAci,
    Profession,
    Recours,
    StatutAssociation,
    TypeDocument,
    TypeMembre,
)
from cpts.dossiers.models import Cpts, DecisionEtape, Document, Membre

SIRET_VALIDE = "78283015700015"
# Quelques communes des Monts du Lyonnais (Rhône) : 12 000 habitants environ.
COMMUNES_MONTS_DU_LYONNAIS = ["69014", "69062", "69078", "69095", "69110", "69132", "69155", "69227", "69238"]


class CptsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cpts
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"CPTS de test {n}")
    departement = "69"
    region = "84"
    # Un projet n'entre dans les tableaux datés qu'à partir du début de sa dynamique : ceux des tests existent
    # depuis 2019, avant toutes les dates que les tests interrogent.
    dynamique_depuis = datetime.date(2019, 1, 1)

    class Params:
        en_isere = factory.Trait(departement="38")
        hors_region = factory.Trait(departement="44", region="52")
        avec_association = factory.Trait(
            association_statut=StatutAssociation.CREEE,
            association_nom=factory.LazyAttribute(lambda o: f"Association {o.nom}"),
            siret=SIRET_VALIDE,
            adresse="1 place de la Mairie",
            code_postal="69590",
            commune_siege="Saint-Symphorien-sur-Coise",
            representant_nom="Claire Exemple",
            representant_qualite="présidente",
        )
        # Un projet au contrat signé : l'étape seule, sans l'historique des décisions (voir `decision`).
        signe = factory.Trait(etape=Etape.CONTRAT_SIGNE, etape_depuis=datetime.date(2021, 3, 1))
        avec_territoire = factory.Trait(
            territoire_monts_du_lyonnais=factory.RelatedFactory(
                "tests.territoires.factories.TerritoireFactory",
                factory_related_name="cpts",
                communes=COMMUNES_MONTS_DU_LYONNAIS,
            )
        )

    @factory.post_generation
    def territoire(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        """`territoire=[codes INSEE]` (ou le trait `avec_territoire`) : un territoire en cours de ces communes."""
        if create and extracted:
            from tests.territoires.factories import TerritoireFactory

            TerritoireFactory(cpts=self, communes=extracted)


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    cpts = factory.SubFactory(CptsFactory)
    type = TypeMembre.PROFESSIONNEL
    profession = Profession.MEDECIN_GENERALISTE
    recours = Recours.PREMIER
    nom = factory.Sequence(lambda n: f"Nom{n}")
    prenom = "Dominique"
    lieu_exercice = "Saint-Martin-en-Haut"

    class Params:
        infirmier = factory.Trait(profession=Profession.INFIRMIER)
        structure_ = factory.Trait(
            type=TypeMembre.STRUCTURE,
            profession="",
            recours="",
            prenom="",
            categorie=CategorieStructure.ETABLISSEMENT_SANTE,
            nom=factory.Sequence(lambda n: f"Hôpital local {n}"),
        )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    cpts = factory.SubFactory(CptsFactory)
    type = TypeDocument.PRE_PROJET


class DecisionFactory(factory.django.DjangoModelFactory):
    """Une ligne de décision posée directement (sans la machine à états), pour préparer un historique."""

    class Meta:
        model = DecisionEtape

    cpts = factory.SubFactory(CptsFactory)
    transition = "valider_pre_projet"
    etape_avant = Etape.LETTRE_INTENTION
    etape_apres = Etape.PRE_PROJET_VALIDE
    date = datetime.date(2021, 1, 15)
    instance = "ecd"
    enregistre_par = factory.SubFactory("tests.comptes.factories.UtilisateurFactory", agent_ars_region=True)


TEXTE = "Texte de test rédigé par l'équipe projet."


def valeurs_pre_projet(**autres: object) -> dict[str, object]:
    valeurs: dict[str, object] = {
        "communication": "Réunion publique du 12 mars avec les professionnels du territoire.",
        "liens_coordination": "Messagerie sécurisée et réunions mensuelles entre MSP.",
        "diag_medecin_traitant": "12 % des patients sans médecin traitant.",
        "diag_urgences_snp": "Passages aux urgences de Lyon en hausse.",
        "diag_ruptures_parcours": "Sorties d'hospitalisation mal préparées.",
        "diag_prevention": "Dépistage du cancer colorectal faible.",
        "moyens_actions": "Une coordinatrice à mi-temps et un annuaire partagé.",
        "objectifs_patients": "Un médecin traitant pour chaque patient en ALD.",
        "objectifs_acteurs": "Mieux se connaître entre professionnels.",
        "calendrier_construction": "Construction du projet de santé en 2024.",
        "date_depot_projet": "2024-12-01",
        "date_mise_en_oeuvre": "2025-03-01",
        "autres_coordinations": "Deux MSP et une ESP sur le territoire.",
        "adequation_prs_cls": "Cohérent avec le contrat local de santé des Monts du Lyonnais.",
        "redaction_projet": "coordonnateur",
        "budget_communication": "2000",
        "budget_reunions": "3000",
        "budget_remuneration": "10000",
        "budget_subvention_ars": "15000",
    }
    valeurs.update(autres)
    return valeurs


def valeurs_projet_sante(**autres: object) -> dict[str, object]:
    from cpts.dossiers.documents import PROJET_SANTE, Genre

    valeurs: dict[str, object] = {
        champ.cle: f"{champ.libelle} : {TEXTE}" for _, champ in PROJET_SANTE.champs() if champ.genre == Genre.TEXTE
    }
    valeurs["etabli_le"] = "2024-06-01"
    valeurs.update(autres)
    return valeurs


def valeurs_fiche(mission: str = MissionAci.ACCES, **autres: object) -> dict[str, object]:
    valeurs: dict[str, object] = {
        "intitule": f"Action {mission}",
        "mission": mission,
        "diagnostic": "Constat du diagnostic territorial.",
        "objectif_general": "Objectif général de l'action.",
        "objectif_operationnel": "Objectif opérationnel de l'action.",
        "description": "Description détaillée de l'action.",
        "public": "Patients du territoire.",
        "acteurs": "Médecins et infirmiers.",
        "debut": "2025-01-01",
        "etapes_cles": "Lancement, bilan à six mois.",
        "fin": "2025-12-31",
        "indicateurs": "Nombre de patients pris en charge.",
    }
    valeurs.update(autres)
    return valeurs


def valeurs_budget(**autres: object) -> dict[str, object]:
    valeurs: dict[str, object] = {
        "exercice": 2025,
        "c64_remunerations": "40000",
        "c62_deplacements": "5000",
        "c60_fournitures": "5000",
        "p74_ars": "15000",
        "p74_organismes_sociaux": "35000",
    }
    valeurs.update(autres)
    return valeurs
