"""Le contrôle automatique d'accessibilité des tests de bout en bout : axe-core (paquet axe-playwright-python, qui
l'embarque ; rien n'est téléchargé) lancé dans la page telle que Chromium l'affiche.

Toute violation fait échouer le test, quelle que soit sa gravité, pour toutes les règles qu'axe-core applique
d'office : niveaux A et AA du WCAG 2.0 à 2.2 (le RGAA 4.1 repose sur le WCAG 2.1) et ses bonnes pratiques ; seules
ses règles expérimentales sont laissées de côté.
"""

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()
OPTIONS = {"resultTypes": ["violations"]}


CARTES_DESSINEES = (
    "() => [...document.querySelectorAll('[data-carte-url]')].every(carte => carte.dataset.carteDessinee)"
)


def attendre_les_cartes(page: object) -> None:
    """Les cartes se dessinent après le chargement (contours demandés par carte.js) : axe les voit dessinées.
    Demandé d'abord une fois : l'attente ne rend la main qu'à une image suivante de la page (0,1 à 0,2 s), même
    quand la page n'a aucune carte, comme la plupart."""
    if not page.evaluate(CARTES_DESSINEES):
        page.wait_for_function(CARTES_DESSINEES)


def violations(page: object) -> list[str]:
    """Une ligne par violation : la page, la règle, son impact et les éléments en cause (sélecteur et extrait).

    Un clic qui mène à une autre page rend la main dès que le nouveau document est engagé, avant qu'il soit lu :
    axe lancé à cet instant trouverait un document encore vide (`documentElement` nul). Il attend donc la fin du
    chargement du document affiché.
    """
    page.wait_for_load_state("load")
    page.evaluate(AXE.axe_script)
    # Seules les violations reviennent du navigateur : le résultat entier d'axe porte aussi chaque autre règle
    # (métadonnées et un nœud), que Playwright sérialisait pour rien, une part sensible du temps du contrôle.
    trouvees = page.evaluate("options => axe.run(document, options).then(resultat => resultat.violations)", OPTIONS)
    chemin = page.url.split("/", 3)[-1]
    lignes = []
    for violation in trouvees:
        elements = "; ".join(
            f"{' '.join(noeud['target'])} « {noeud['html'][:160]} »" for noeud in violation["nodes"][:5]
        )
        lignes.append(f"/{chemin} — {violation['id']} ({violation['impact']}) : {violation['help']} — {elements}")
    return lignes


def verifier(page: object) -> None:
    """Échoue avec le rapport d'axe-core si la page affichée a la moindre violation."""
    trouvees = violations(page)
    assert not trouvees, "axe-core :\n" + "\n".join(trouvees)
