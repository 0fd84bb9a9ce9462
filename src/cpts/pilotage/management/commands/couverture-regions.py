from cpts.pilotage.commande import CommandeTableau


class Command(CommandeTableau):
    help = (
        "Couverture calculée de la population par région à une date : CPTS signées, population des territoires "
        "des CPTS sous contrat signé, habitants, part ; la même définition que « cpts couverture --niveau region » "
        "(colonne contrat signé). Les chiffres publiés sont dans « cpts couverture-publiee ». Lecture seule."
    )
    tableau = "couverture-regions"
    region_obligatoire = False
