from cpts.pilotage.commande import CommandeTableau


class Command(CommandeTableau):
    help = "Contrats ACI signés d'une région à une date : CPTS, date, taille, avertissements de qualité. Lecture seule."
    tableau = "contrats-signes"
