"""Vocabulaire de la commission paritaire régionale (CPR) : sections, professions, régimes, états."""

from django.db import models

from cpts.regles.commission import Choix, Issue, Presence, Regime, Section


class SectionSiege(models.TextChoices):
    PROFESSIONNELLE = Section.PROFESSIONNELLE.value, "Section professionnelle"
    SOCIALE = Section.SOCIALE.value, "Section sociale"
    CONSULTATIVE = "consultative", "Membres consultatifs"


SECTIONS_VOTANTES = (SectionSiege.PROFESSIONNELLE, SectionSiege.SOCIALE)


class Profession(models.TextChoices):
    """Professions des organisations signataires ([cpr-aura-2021-06-09] et [cpr-pdl-2021-02-04], « COMPOSITION »)
    et centres de santé."""

    MEDECINS = "medecins", "Médecins"
    SAGES_FEMMES = "sages_femmes", "Sages-femmes"
    INFIRMIERS = "infirmiers", "Infirmiers"
    MASSEURS_KINESITHERAPEUTES = "masseurs_kinesitherapeutes", "Masseurs-kinésithérapeutes"
    CHIRURGIENS_DENTISTES = "chirurgiens_dentistes", "Chirurgiens-dentistes"
    ORTHOPTISTES = "orthoptistes", "Orthoptistes"
    ORTHOPHONISTES = "orthophonistes", "Orthophonistes"
    PEDICURES_PODOLOGUES = "pedicures_podologues", "Pédicures-podologues"
    BIOLOGISTES = "biologistes", "Directeurs de laboratoire (biologistes)"
    PHARMACIENS = "pharmaciens", "Pharmaciens"
    OPTICIENS = "opticiens", "Opticiens"
    APPAREILLAGE = "appareillage", "Fournisseurs d'appareillage"
    TRANSPORTEURS_SANITAIRES = "transporteurs_sanitaires", "Transporteurs sanitaires"
    CENTRES_DE_SANTE = "centres_de_sante", "Centres de santé"


class RegimeSocial(models.TextChoices):
    GENERAL = Regime.GENERAL.value, "Régime général"
    AGRICOLE = Regime.AGRICOLE.value, "Régime agricole (MSA)"


class QualiteSociale(models.TextChoices):
    ADMINISTRATIF = "administratif", "Administratif"
    CONSEILLER = "conseiller", "Conseiller"
    SERVICE_MEDICAL = "service_medical", "Service médical"
    DCGDR = "dcgdr", "Direction de la coordination de la gestion du risque (DCGDR)"


class CategorieConsultative(models.TextChoices):
    ARS = "ars", "ARS"
    URPS = "urps", "URPS"
    FEMAS = "femas", "Fédération régionale des maisons de santé (FEMAS)"
    FEDERATION_CPTS = "federation_cpts", "Fédération régionale des CPTS"
    FRANCE_ASSOS_SANTE = "france_assos_sante", "France Assos Santé"
    AUTRE = "autre", "Autre"


class ModeReunion(models.TextChoices):
    PRESENTIEL = "presentiel", "En présentiel"
    VISIO = "visio", "En visioconférence"
    MIXTE = "mixte", "Présentiel et visioconférence"


class Demandeur(models.TextChoices):
    SECTION_SOCIALE = "section_sociale", "La section sociale"
    SECTION_PROFESSIONNELLE = "section_professionnelle", "La section professionnelle"
    DEUX_SECTIONS = "deux_sections", "Les deux sections"


class EtatReunion(models.TextChoices):
    PREPARATION = "preparation", "En préparation"
    CONVOQUEE = "convoquee", "Convoquée"
    EN_SEANCE = "en_seance", "En séance"
    TENUE = "tenue", "Tenue"
    RELEVE_PUBLIE = "releve_publie", "Relevé de décisions publié"
    ANNULEE = "annulee", "Annulée"


ETATS_TENUE = (EtatReunion.EN_SEANCE, EtatReunion.TENUE, EtatReunion.RELEVE_PUBLIE)


class PresenceSiege(models.TextChoices):
    TITULAIRE = Presence.TITULAIRE.value, "Titulaire présent"
    SUPPLEANT = Presence.SUPPLEANT.value, "Suppléant présent"
    ABSENT = Presence.ABSENT.value, "Absent"


class ExprimePar(models.TextChoices):
    TITULAIRE = "titulaire", "Titulaire"
    SUPPLEANT = "suppleant", "Suppléant"
    DELEGATAIRE = "delegataire", "Délégataire"


class ChoixVote(models.TextChoices):
    POUR = Choix.POUR.value, "Pour"
    CONTRE = Choix.CONTRE.value, "Contre"
    ABSTENTION = Choix.ABSTENTION.value, "Abstention"
    BLANC = Choix.BLANC.value, "Blanc"


class IssueScrutin(models.TextChoices):
    ADOPTEE = Issue.ADOPTEE.value, "Adoptée"
    REJETEE = Issue.REJETEE.value, "Rejetée"
    PARTAGE = Issue.PARTAGE.value, "Partage égal des voix (second tour)"
    ABSENCE_ACCORD = Issue.ABSENCE_ACCORD.value, "Absence d'accord"


class EtatScrutin(models.TextChoices):
    OUVERT = "ouvert", "Ouvert"
    CLOS = "clos", "Clos"
