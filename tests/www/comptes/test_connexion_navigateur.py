"""Dans Chromium : des identifiants refusés mettent le focus sur le résumé des erreurs, dont les liens mènent aux
champs à revoir ; la page refusée passe axe-core."""

import pytest
from playwright.sync_api import expect

from tests.accessibilite import verifier
from tests.comptes.factories import UtilisateurFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_des_identifiants_refuses_mettent_le_focus_sur_le_resume_qui_mene_aux_champs(
    page: object, live_server: object
) -> None:
    UtilisateurFactory(username="coordinatrice")
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Nom d’utilisateur").fill("coordinatrice")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("load")

    assert page.evaluate("document.activeElement.hasAttribute('data-resume-erreurs')")
    resume = page.locator("[data-resume-erreurs]")
    expect(resume.get_by_role("heading", level=2)).to_have_text("Connexion refusée")
    expect(resume).to_contain_text("Saisissez un nom d’utilisateur et un mot de passe valides")
    verifier(page)
    resume.get_by_role("link", name="Mot de passe : à vérifier").click()
    expect(page.locator("#id_password")).to_be_focused()
