from cpts.pilotage.commande import CommandeTableau


class Command(CommandeTableau):
    help = (
        "État des lieux des projets de CPTS par département et par étape, dans une région, à une date. Lecture seule."
    )
    tableau = "etat-des-lieux"
