"""De bout en bout, dans Chromium : le secrétariat convoque, émarge et fait voter ; un coordinateur ne voit rien
du détail des votes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.commission.factories import CommissionFactory, composition_paritaire
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.navigateur import ouvrir_la_session, suivre

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_le_secretariat_convoque_emarge_et_fait_voter_puis_un_coordinateur_ne_voit_pas_le_detail(
    page: object, live_server: object
) -> None:
    commission = CommissionFactory()
    composition_paritaire(commission, le=timezone.localdate() - timedelta(days=400))
    UtilisateurFactory(username="secretariat", role="agent_cpam", region="84")
    UtilisateurFactory(username="coordinatrice", cpts=[CptsFactory()])
    jour = timezone.localdate() + timedelta(days=20)

    ouvrir_la_session(page, live_server.url, "secretariat")
    page.goto(f"{live_server.url}/commission/")
    page.get_by_role("link", name=commission.nom).click()
    page.get_by_role("link", name="Préparer une réunion").click()
    page.get_by_label("Date de la réunion").fill(jour.strftime("%d/%m/%Y"))
    page.get_by_label("Mode").select_option("visio")
    page.get_by_role("button", name="Créer la réunion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Réunion du {jour:%d/%m/%Y}")

    page.get_by_label("Intitulé").fill("Avis sur la montée en charge des contrats")
    page.locator("label", has_text="Soumis au vote").click()
    page.get_by_role("button", name="Ajouter le point").click()
    page.get_by_role("button", name="Convoquer").click()
    expect(page.locator("#etat-reunion")).to_have_text("Convoquée")
    page.get_by_role("button", name="Envoyer l'ordre du jour").click()
    page.get_by_role("button", name="Ouvrir la séance").click()
    expect(page.locator("#etat-reunion")).to_have_text("En séance")

    # Les listes sont comptées sur la page entière : lue à moitié, la boucle en oublierait.
    suivre(page.get_by_role("link", name="Enregistrer les présences"))
    selects = page.locator("select[name^=presence_]")
    for rang in range(selects.count()):
        selects.nth(rang).select_option("titulaire")
    page.locator("select[name^=presence_]").last.select_option("suppleant")
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.locator("#peut-deliberer")).to_contain_text("La commission peut délibérer")

    suivre(page.get_by_role("button", name="Ouvrir le scrutin du point 1"))
    votes = page.locator("select[name^=choix_]")
    for rang in range(votes.count()):
        votes.nth(rang).select_option("pour" if rang != 0 else "contre")
    page.get_by_role("button", name="Enregistrer ces votes").click()
    page.get_by_role("button", name="Clore le scrutin").click()
    expect(page.get_by_role("heading", name="Résultat : Adoptée")).to_be_visible()
    expect(page.locator("#bulletins")).to_contain_text("Suppléant")
    url_scrutin = page.url

    # La déconnexion finie (sa réponse efface le cookie de session) avant que la session suivante soit posée.
    suivre(page.get_by_role("button", name="Se déconnecter"))
    ouvrir_la_session(page, live_server.url, "coordinatrice")
    reponse = page.goto(url_scrutin)
    # La commission est hors du périmètre d'une coordinatrice : le scrutin est introuvable, comme s'il n'existait pas.
    assert reponse.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.locator("#bulletins")).to_have_count(0)
