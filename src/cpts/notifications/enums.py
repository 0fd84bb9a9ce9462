from django.db import models


class TypeCourriel(models.TextChoices):
    """Chaque sorte de courriel ; le destinataire peut se désabonner de chacune séparément."""

    CONVOCATION = "convocation", "Convocation à une réunion de la CPR"
    ORDRE_DU_JOUR = "ordre_du_jour", "Ordre du jour d'une réunion de la CPR"
    RELEVE = "releve", "Relevé de décisions de la CPR"
    COMPLEMENT_DEMANDE = "complement_demande", "Demande de complément sur un dossier"
    REPONSE_DONNEE = "reponse_donnee", "Réponse de l'équipe projet à une demande de complément"
    DECISION_ENREGISTREE = "decision_enregistree", "Décision d'étape enregistrée sur un dossier"
    RECAPITULATIF_CONTRATS = "recapitulatif_contrats", "Récapitulatif hebdomadaire des contrats"
    INVITATION = "invitation", "Invitation à rejoindre la plateforme"


class StatutCourriel(models.TextChoices):
    A_ENVOYER = "a_envoyer", "À envoyer"
    ENVOYE = "envoye", "Envoyé"
    EN_ECHEC = "en_echec", "Échec, nouvel essai prévu"
    ABANDONNE = "abandonne", "Échec définitif"
    NON_ENVOYE = "non_envoye", "Non envoyé"


# Un désabonnement ne coupe pas une invitation : elle n'existe que parce que quelqu'un l'a demandée.
TYPES_DESABONNABLES = frozenset(TypeCourriel) - {TypeCourriel.INVITATION}
