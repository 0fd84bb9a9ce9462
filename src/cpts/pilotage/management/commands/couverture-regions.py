from cpts.pilotage.commande import CommandeTableau


class Command(CommandeTableau):
    help = (
        "Couverture de la population par région à une date : CPTS signées, population couverte, habitants, part ; "
        "calculée là où la plateforme a les projets, reprise des chiffres publiés ailleurs. Lecture seule."
    )
    tableau = "couverture-regions"
    region_obligatoire = False
