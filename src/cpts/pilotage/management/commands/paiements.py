from cpts.pilotage.commande import CommandeTableau


class Command(CommandeTableau):
    help = "Paiements versés aux CPTS d'une région par année et par mission, jusqu'à une date. Lecture seule."
    tableau = "paiements"
