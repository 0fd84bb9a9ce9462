from cpts.pilotage.commande import CommandeTableau


class Command(CommandeTableau):
    help = (
        "Chiffres de couverture publiés par les institutions (CPTS signées, population couverte, habitants), la "
        "publication la plus récente à la date pour chaque zone, avec sa date et sa source ; jamais mêlés à la "
        "couverture calculée (cpts couverture-regions). Lecture seule."
    )
    tableau = "couverture-publiee"
    region_obligatoire = False
