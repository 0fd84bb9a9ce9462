"""Composer un territoire au clavier seul et au lecteur d'écran, dans Chromium, puis exporter la liste."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cpts.demo.comptes import MOT_DE_PASSE_DEMO
from tests.accessibilite import attendre_les_cartes, verifier
from tests.comptes.factories import UtilisateurFactory
from tests.navigateur import exact, ouvrir_la_session
from tests.territoires.factories import TerritoireFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def test_composer_au_clavier_met_a_jour_population_et_taille_puis_exporte_le_csv(
    page: object, live_server: object
) -> None:
    UtilisateurFactory(username="agent", agent_ars_region=True, password=MOT_DE_PASSE_DEMO)
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Nom d’utilisateur").fill("agent")
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE_DEMO)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/territoires/composer/")

    for recherche, attendu in [("venissieux", "Vénissieux (69259)"), ("bron", "Bron (69029)")]:
        page.get_by_label("Rechercher une commune ou un EPCI").focus()
        page.keyboard.type(recherche)
        page.get_by_role("button", name=attendu).wait_for()
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.locator("#communes-choisies").get_by_role("cell", name=attendu.split(" (")[0], exact=True).wait_for()

    # Le résumé arrive avec la ligne ou juste après elle : attendu, pas lu à l'instant.
    expect(page.locator("#resume-communes")).to_have_text(exact("2"), use_inner_text=True)
    expect(page.locator("#resume-taille")).to_have_text(exact("Taille 3"), use_inner_text=True)
    expect(page.locator("#resume-population")).to_have_text(exact("108\u202f484 habitants"), use_inner_text=True)

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Exporter en CSV").click()
    contenu = Path(telechargement.value.path()).read_text(encoding="utf-8-sig")
    assert contenu.splitlines()[1:] == [
        "69029;Bron;69;84;Métropole de Lyon;42982",
        "69259;Vénissieux;69;84;Métropole de Lyon;65502",
    ]


@pytest.fixture
def compositeur(page: object, live_server: object) -> object:
    """Un agent ARS sur le compositeur du territoire d'une CPTS qui compte trois communes, carte dessinée."""
    territoire = TerritoireFactory(cpts__nom="CPTS de l'Est lyonnais", communes=["69029", "69259", "69290"])
    UtilisateurFactory(username="agent", agent_ars_region=True)
    ouvrir_la_session(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/territoires/cpts/{territoire.cpts.pk}/composer/")
    attendre_les_cartes(page)
    return page


def test_les_fleches_parcourent_les_resultats_et_echap_revient_a_la_recherche(compositeur: object) -> None:
    page = compositeur
    page.get_by_label("Rechercher une commune ou un EPCI").fill("villeurb")
    page.get_by_role("button", name="Villeurbanne (69266)").wait_for()
    page.keyboard.press("ArrowDown")
    expect(page.locator(":focus")).to_have_text(re.compile(r"^\s*Villeurbanne \(69266\)"))
    page.keyboard.press("Escape")
    expect(page.locator("#recherche")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator("#communes-choisies").get_by_role("cell", name="Villeurbanne", exact=True).wait_for()
    # Le focus revient au champ, et la seule région annoncée de la page dit l'ajout : après l'échange htmx, attendus.
    expect(page.locator("#recherche")).to_be_focused()
    expect(page.locator("#annonce")).to_have_text(exact("Villeurbanne ajoutée."), use_inner_text=True)
    expect(page.locator("#non-enregistre")).to_have_text(exact("Modifications non enregistrées"))
    # Seule la ligne ajoutée est arrivée, à sa place dans l'ordre des noms, les autres sont restées.
    noms = page.locator("#communes-choisies tbody tr td:first-child")
    attendus = [exact(nom) for nom in ("Bron", "Saint-Priest", "Vénissieux", "Villeurbanne")]
    expect(noms).to_have_text(attendus, use_inner_text=True)
    expect(page.locator("#resume-communes")).to_have_text(exact("4"), use_inner_text=True)
    verifier(page)


def test_les_contours_de_la_carte_ne_sont_pas_des_arrets_de_tabulation(compositeur: object) -> None:
    page = compositeur
    page.get_by_role("button", name="Importer le fichier").focus()
    arrets = []
    for _ in range(30):
        page.keyboard.press("Tab")
        arrets.append(page.evaluate("document.activeElement.closest('#carte') ? 'carte' : document.activeElement.id"))
        if page.evaluate("document.activeElement.textContent").strip().startswith("Retirer"):
            break
    # La carte elle-même (déplacement aux flèches), le zoom avant, le zoom arrière, le lien de l'attribution : rien
    # d'autre avant le premier « Retirer », quel que soit le nombre de contours dessinés.
    assert arrets.count("carte") <= 4
    # La carte est dessinée en une fois (fixture) : ses contours sont tous là.
    assert page.locator("#carte svg[aria-hidden=true] .leaflet-interactive").count() >= 3
    verifier(page)


def test_apres_un_retrait_le_focus_va_au_retrait_suivant_et_l_annonce_reste_la_meme_region(
    compositeur: object,
) -> None:
    page = compositeur
    annonce = page.locator("#annonce").element_handle()
    page.get_by_role("button", name="Retirer Bron").click()
    page.locator("#annonce", has_text="Bron retirée de la composition.").wait_for()
    expect(page.locator(":focus")).to_have_text(re.compile(r"^\s*Retirer\s+Saint-Priest\s*$"))
    # La région annoncée n'a pas été recréée par htmx : c'est le même élément, toujours dans la page.
    assert annonce.evaluate("element => element.isConnected && element === document.getElementById('annonce')")
    page.keyboard.press("Enter")
    page.locator("#annonce", has_text="Saint-Priest retirée de la composition.").wait_for()
    expect(page.locator(":focus")).to_have_text(re.compile(r"^\s*Retirer\s+Vénissieux\s*$"))


def test_tout_retirer_demande_confirmation_et_un_refus_ne_retire_rien(compositeur: object) -> None:
    page = compositeur
    messages = []
    page.once("dialog", lambda dialogue: (messages.append(dialogue.message), dialogue.dismiss()))
    page.get_by_role("button", name="Tout retirer").click()
    assert messages == [
        "Retirer les 3 communes de la composition ? Le territoire enregistré ne change pas tant que vous "
        "n'enregistrez pas."
    ]
    expect(page.locator("#resume-communes")).to_have_text(exact("3"), use_inner_text=True)
    page.once("dialog", lambda dialogue: dialogue.accept())
    page.get_by_role("button", name="Tout retirer").click()
    page.locator("#annonce", has_text="Composition vidée.").wait_for()
    expect(page.locator("#resume-communes")).to_have_text(exact("0"), use_inner_text=True)
    expect(page.locator("#recherche")).to_be_focused()


def test_ce_qui_est_tape_avant_la_fin_du_chargement_lance_la_recherche(page: object, live_server: object) -> None:
    """Une saisie rapide pendant que la page charge encore (htmx pas encore prêt) n'est pas perdue."""
    UtilisateurFactory(username="agent", agent_ars_region=True)
    ouvrir_la_session(page, live_server.url, "agent")
    # htmx est retenu le temps de taper : la page est affichée, le champ est là, mais rien n'écoute encore la saisie.
    retenus: list[object] = []

    def retenir(route: object) -> None:
        retenus.append(route)

    page.route("**/htmx.min.js", retenir)
    page.goto(f"{live_server.url}/territoires/composer/", wait_until="commit")
    page.get_by_label("Rechercher une commune ou un EPCI").fill("villeurb")
    while not retenus:
        page.wait_for_timeout(50)
    assert page.evaluate("document.readyState") == "loading"
    retenus[0].continue_()
    page.get_by_role("button", name="Villeurbanne (69266)").wait_for()
    assert page.get_by_label("Rechercher une commune ou un EPCI").input_value() == "villeurb"
