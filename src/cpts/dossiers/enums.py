from django.db import models


class Etape(models.TextChoices):
    """Étapes d'un projet de CPTS ([ars-aura-guide] « LES ÉTAPES », [urps-med-aura-guide-2022] « 2.1 »)."""

    DYNAMIQUE = "dynamique", "Dynamique (réflexion)"
    LETTRE_INTENTION = "lettre_intention", "Lettre d'intention (pré-projet déposé)"
    PRE_PROJET_VALIDE = "pre_projet_valide", "Pré-projet validé"
    PROJET_SANTE_DEPOSE = "projet_sante_depose", "Projet de santé déposé"
    PROJET_SANTE_VALIDE = "projet_sante_valide", "Projet de santé validé"
    CONTRAT_SIGNE = "contrat_signe", "Contrat ACI signé"
    ABANDONNE = "abandonne", "Abandonné"
    FUSIONNE = "fusionne", "Fusionné"


ETAPES_FERMEES = frozenset({Etape.ABANDONNE, Etape.FUSIONNE})
ETAPES_OUVERTES = frozenset(Etape) - ETAPES_FERMEES


class TransitionEtape(models.TextChoices):
    """Les décisions qui font passer un projet d'une étape à l'autre (table dans `cpts.dossiers.etapes`)."""

    DEPOSER_PRE_PROJET = "deposer_pre_projet", "Dépôt du pré-projet (lettre d'intention)"
    RENVOYER_PRE_PROJET = "renvoyer_pre_projet", "Pré-projet à retravailler"
    VALIDER_PRE_PROJET = "valider_pre_projet", "Validation du pré-projet"
    DEPOSER_PROJET_SANTE = "deposer_projet_sante", "Dépôt du projet de santé"
    S_OPPOSER_PROJET_SANTE = "s_opposer_projet_sante", "Opposition au projet de santé"
    VALIDER_PROJET_SANTE = "valider_projet_sante", "Validation du projet de santé"
    CONSTATER_VALIDATION_TACITE = "constater_validation_tacite", "Projet de santé réputé validé (deux mois)"
    SIGNER_CONTRAT = "signer_contrat", "Signature du contrat ACI"
    ABANDONNER = "abandonner", "Abandon du projet"
    FUSIONNER = "fusionner", "Fusion dans une autre CPTS"
    # Hors de la table des transitions : annule l'effet d'une décision enregistrée par erreur
    # (cpts.dossiers.rectification), qui reste au dossier.
    RECTIFIER = "rectifier", "Rectification d'une décision enregistrée par erreur"


class Instance(models.TextChoices):
    """Qui a décidé : les instances d'instruction du guide ARS ([ars-aura-guide], « LES ÉTAPES ») et l'équipe projet."""

    EQUIPE_PROJET = "equipe_projet", "Équipe projet"
    ECD = "ecd", "Espace de concertation départemental (ECD)"
    CTR = "ctr", "Comité technique régional (CTR)"
    ARS = "ars", "ARS"
    CPAM = "cpam", "CPAM"
    ARS_CPAM = "ars_cpam", "ARS et CPAM conjointement"


class StatutAssociation(models.TextChoices):
    """« Création de l'association de loi 1901 : oui / non / en cours » ([ars-aura-guide], annexe 4)."""

    NON = "non", "Non créée"
    EN_COURS = "en_cours", "En cours de création"
    CREEE = "creee", "Créée"


class TypeMembre(models.TextChoices):
    PROFESSIONNEL = "professionnel", "Professionnel de santé"
    STRUCTURE = "structure", "Structure"


class Profession(models.TextChoices):
    """Les professions que le guide ARS cite pour l'équipe d'une CPTS ([ars-aura-guide], « Les éléments constitutifs
    d'une CPTS »). La famille (avant le point) sert à juger la pluriprofessionnalité : un généraliste et un
    spécialiste sont deux médecins."""

    MEDECIN_GENERALISTE = "medecin.generaliste", "Médecin généraliste"
    MEDECIN_SPECIALISTE = "medecin.specialiste", "Médecin spécialiste"
    SAGE_FEMME = "sage_femme", "Sage-femme"
    CHIRURGIEN_DENTISTE = "chirurgien_dentiste", "Chirurgien-dentiste"
    INFIRMIER = "infirmier", "Infirmier"
    MASSEUR_KINESITHERAPEUTE = "masseur_kinesitherapeute", "Masseur-kinésithérapeute"
    PEDICURE_PODOLOGUE = "pedicure_podologue", "Pédicure-podologue"
    ERGOTHERAPEUTE = "ergotherapeute", "Ergothérapeute"
    PSYCHOMOTRICIEN = "psychomotricien", "Psychomotricien"
    ORTHOPHONISTE = "orthophoniste", "Orthophoniste"
    ORTHOPTISTE = "orthoptiste", "Orthoptiste"
    MANIPULATEUR_ERM = "manipulateur_erm", "Manipulateur d'électroradiologie médicale"
    TECHNICIEN_LABORATOIRE = "technicien_laboratoire", "Technicien de laboratoire médical"
    AUDIOPROTHESISTE = "audioprothesiste", "Audioprothésiste"
    OPTICIEN = "opticien", "Opticien-lunetier"
    PROTHESISTE_ORTHESISTE = "prothesiste_orthesiste", "Prothésiste et orthésiste"
    DIETETICIEN = "dieteticien", "Diététicien"
    AIDE_SOIGNANT = "aide_soignant", "Aide-soignant"
    AUXILIAIRE_PUERICULTURE = "auxiliaire_puericulture", "Auxiliaire de puériculture"
    AMBULANCIER = "ambulancier", "Ambulancier"
    PHARMACIEN_OFFICINE = "pharmacien.officine", "Pharmacien d'officine"
    PHARMACIEN_HOSPITALIER = "pharmacien.hospitalier", "Pharmacien hospitalier"
    PREPARATEUR_PHARMACIE = "preparateur_pharmacie", "Préparateur en pharmacie"
    PROFESSIONNEL_ETABLISSEMENT = "etablissement", "Professionnel d'un établissement de santé"
    PROFESSIONNEL_SOCIAL = "social_medico_social", "Professionnel d'une structure sociale ou médico-sociale"


def famille(profession: str) -> str:
    return profession.split(".", 1)[0]


class Recours(models.TextChoices):
    PREMIER = "premier", "Premier recours"
    SECOND = "second", "Second recours"


class CategorieStructure(models.TextChoices):
    """Structures qu'une CPTS met en lien ([ars-aura-guide] : établissements, médico-social, social, exercice
    regroupé)."""

    ETABLISSEMENT_SANTE = "etablissement_sante", "Établissement de santé (hôpital, clinique, maternité)"
    MEDICO_SOCIAL = "medico_social", "Structure médico-sociale (EHPAD, SESSAD, IME, MAS…)"
    SOCIAL = "social", "Structure sociale"
    EXERCICE_COORDONNE = "exercice_coordonne", "Exercice coordonné (MSP, centre de santé, ESP)"
    AUTRE = "autre", "Autre structure (collectivité, association…)"


class TypeDocument(models.TextChoices):
    PRE_PROJET = "pre_projet", "Pré-projet"
    PROJET_SANTE = "projet_sante", "Projet de santé"
    FICHE_ACTION = "fiche_action", "Fiche action"
    BUDGET = "budget", "Budget prévisionnel"


# Un seul pré-projet et un seul projet de santé par CPTS ; autant de fiches action et de budgets (un par
# année si le projet est pluriannuel, [ars-aura-guide] annexe 4, 3.1) que nécessaire.
DOCUMENTS_UNIQUES = frozenset({TypeDocument.PRE_PROJET, TypeDocument.PROJET_SANTE})


class MissionAci(models.TextChoices):
    """Les missions de l'ACI, avec les codes des paramètres de `cpts.regles` (avenant 2)."""

    ACCES = "acces", "Accès aux soins (médecin traitant, soins non programmés)"
    PARCOURS = "parcours", "Parcours pluriprofessionnels"
    PREVENTION = "prevention", "Prévention"
    CRISE = "crise", "Crises sanitaires graves"
    QUALITE = "qualite", "Qualité et pertinence des soins"
    ACCOMPAGNEMENT = "accompagnement", "Accompagnement des professionnels de santé"
    AUTRE = "autre", "Autre objectif (projet régional de santé)"


class StatutDemande(models.TextChoices):
    OUVERTE = "ouverte", "En attente de réponse"
    REPONDUE = "repondue", "Réponse reçue"
    LEVEE = "levee", "Levée"
