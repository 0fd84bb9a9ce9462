"""axe-core sur la page principale de chaque fonction, pour chaque rôle, dans Chromium, avec les données de la démo :
aucune violation admise. Les pages qu'un rôle n'a pas le droit de voir sont contrôlées aussi (page d'erreur)."""

import re

import pytest

from cpts.commission.models import Reunion
from cpts.contrats.models import Contrat
from cpts.demo.comptes import COMPTES
from cpts.dossiers.models import Cpts
from tests.accessibilite import attendre_les_cartes, violations
from tests.navigateur import ouvrir_la_session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]

PAGES_PUBLIQUES = ("/comptes/login/", "/accessibilite/", "/mentions-legales/", "/donnees-personnelles/")


def pages_des_fonctions() -> list[str]:
    """La page principale de chaque fonction, sur les objets de la démo (la CPTS du coordinateur, un contrat signé,
    la réunion tenue de la CPR)."""
    cpts = Cpts.objects.get(nom="Monts du Lyonnais").pk
    contrat = Contrat.objects.filter(cpts__region="84").order_by("pk").first().pk
    reunion = Reunion.objects.filter(commission__region="84").order_by("pk").first().pk
    return [
        "/",
        "/cpts/",
        f"/cpts/{cpts}/",
        f"/cpts/{cpts}/membres/",
        "/territoires/composer/",
        f"/territoires/cpts/{cpts}/composer/",
        "/territoires/couverture/",
        "/territoires/region/84/",
        "/simulation/",
        f"/simulation/cpts/{cpts}/",
        "/pilotage/",
        "/pilotage/region/84/",
        "/pilotage/tableau/couverture-regions/",
        "/commission/",
        "/commission/region/84/",
        f"/commission/reunion/{reunion}/",
        f"/commission/reunion/{reunion}/releve/",
        "/contrats/",
        "/contrats/alertes/",
        "/contrats/versements/",
        f"/contrats/{contrat}/",
        f"/contrats/{contrat}/echeancier/",
        f"/contrats/{contrat}/indicateurs/",
        "/portefeuille/",
        "/comptes/invitations/",
        "/comptes/jetons/",
    ]


# Le document affiché, au jeton CSRF près (il change à chaque page et ne compte pour aucune règle d'axe).
DOCUMENT = """() => {
  const copie = document.documentElement.cloneNode(true);
  copie.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(jeton => jeton.removeAttribute('value'));
  return copie.outerHTML;
}"""


def auditer(page: object, serveur: str, chemins: list[str]) -> list[str]:
    """Les violations des pages, chacune ouverte dans la même session. Un document déjà contrôlé n'est pas repassé à
    axe, dont le verdict ne dépend que du document et des styles : la page d'erreur d'un rôle servie à plusieurs
    adresses, ou la page où mène une redirection, déjà vue."""
    trouvees: list[str] = []
    controles = set()
    for chemin in chemins:
        page.goto(f"{serveur}{chemin}")
        attendre_les_cartes(page)
        document = page.evaluate(DOCUMENT)
        if document not in controles:
            controles.add(document)
            trouvees += violations(page)
    return trouvees


@pytest.mark.timeout(300)
@pytest.mark.usefixtures("demo_en_base")
@pytest.mark.parametrize("compte", COMPTES, ids=[compte.identifiant for compte in COMPTES])
def test_axe_ne_trouve_aucune_violation_sur_les_pages_de_chaque_role(
    page: object, live_server: object, compte: object
) -> None:
    # La session ouverte par son cookie : la page de connexion est contrôlée avec les pages publiques, l'accueil de
    # chaque rôle avec les pages de ses fonctions.
    ouvrir_la_session(page, live_server.url, compte.identifiant)
    trouvees = auditer(page, live_server.url, pages_des_fonctions())
    assert not trouvees, "axe-core :\n" + "\n".join(trouvees)


@pytest.mark.timeout(240)
def test_axe_ne_trouve_aucune_violation_sur_les_pages_publiques(page: object, live_server: object) -> None:
    trouvees = auditer(page, live_server.url, list(PAGES_PUBLIQUES))
    assert not trouvees, "axe-core :\n" + "\n".join(trouvees)


def luminance(couleur: str) -> float:
    """Luminance relative (WCAG 2.1) d'une couleur CSS calculée, « rgb(r, g, b) »."""
    canaux = [int(valeur) / 255 for valeur in re.findall(r"\d+", couleur)[:3]]
    lineaires = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in canaux]
    return 0.2126 * lineaires[0] + 0.7152 * lineaires[1] + 0.0722 * lineaires[2]


def contraste(premier: str, second: str) -> float:
    clair, sombre = sorted((luminance(premier), luminance(second)), reverse=True)
    return (clair + 0.05) / (sombre + 0.05)


FOND_TEXTES_ET_SERIES = """() => {
  const remplissages = selecteur => [...document.querySelectorAll(selecteur)].map(e => getComputedStyle(e).fill);
  return [
    getComputedStyle(document.body).backgroundColor,
    remplissages('.cpts-graphique__texte'),
    remplissages('.cpts-graphique rect.cpts-teinte'),
  ];
}"""


@pytest.mark.timeout(240)
@pytest.mark.usefixtures("demo_en_base")
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_le_texte_des_graphiques_et_les_cartes_restent_lisibles_dans_les_deux_themes(
    navigateur: object, live_server: object, theme: str
) -> None:
    contexte = navigateur.new_context(locale="fr-FR", color_scheme=theme)
    page = contexte.new_page()
    try:
        ouvrir_la_session(page, live_server.url, "agent.ars")
        page.goto(f"{live_server.url}/pilotage/region/84/")
        attendre_les_cartes(page)
        assert page.locator("html").get_attribute("data-fr-theme") == theme
        fond, textes, series = page.evaluate(FOND_TEXTES_ET_SERIES)
        assert textes, "les graphiques du tableau de bord ont des graduations et des étiquettes"
        # Texte des graphiques : 4,5:1 au moins sur le fond de la page (WCAG 1.4.3) ; barres et pastilles de la
        # légende : 3:1 (WCAG 1.4.11). En clair comme en sombre.
        assert min(contraste(fond, texte) for texte in textes) >= 4.5
        assert len(set(series)) >= 4
        assert min(contraste(fond, serie) for serie in series) >= 3
        trouvees = violations(page)
        page.goto(f"{live_server.url}/territoires/region/84/")
        attendre_les_cartes(page)
        trouvees += violations(page)
        assert not trouvees, "axe-core :\n" + "\n".join(trouvees)
    finally:
        contexte.close()
