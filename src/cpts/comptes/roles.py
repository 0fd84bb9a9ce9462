from django.db import models


class Role(models.TextChoices):
    AGENT_ARS = "agent_ars", "Agent ARS"
    AGENT_CPAM = "agent_cpam", "Agent CPAM"
    COORDINATEUR = "coordinateur", "Coordinateur de CPTS"
    MEMBRE_CPR = "membre_cpr", "Membre de la CPR"
    LECTEUR_NATIONAL = "lecteur_national", "Lecteur national"
    ADMINISTRATEUR = "administrateur", "Administrateur"


ROLES_AGENT = frozenset({Role.AGENT_ARS, Role.AGENT_CPAM})
