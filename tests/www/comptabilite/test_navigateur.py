"""De bout en bout, dans Chromium : la coordinatrice saisit et dépose les comptes de l'année, l'agent les lit en
tête du dialogue de gestion et y consigne les conclusions, le lecteur national voit l'agrégat anonyme."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpts.comptabilite.models import ConclusionsFinancieres
from tests.comptabilite.factories import ExerciceFactory
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, DialogueFactory, PaiementFactory
from tests.navigateur import dedans, ouvrir_la_session, suivre

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_les_comptes_deposes_se_lisent_au_dialogue_de_gestion_et_dans_la_vue_nationale(
    page: object, live_server: object
) -> None:
    contrat = ContratFactory(signature=datetime.date(2024, 3, 1))
    PaiementFactory(
        contrat=contrat,
        mission="fonctionnement",
        montant=Decimal("50000.00"),
        du_a_l_enregistrement=Decimal("50000.00"),
        date=datetime.date(2025, 3, 1),
    )
    dialogue = DialogueFactory(contrat=contrat, annee=1)
    for _ in range(2):  # deux autres CPTS aux comptes déposés : trois en tout, assez pour publier
        ExerciceFactory(depose=True)
    UtilisateurFactory(username="coordinatrice", cpts=[contrat.cpts])
    UtilisateurFactory(username="agent-cpam", role="agent_cpam", departements=["69"])
    UtilisateurFactory(username="lecteur-national")

    ouvrir_la_session(page, live_server.url, "coordinatrice")
    page.goto(f"{live_server.url}{reverse('dossiers:detail', args=[contrat.cpts.pk])}")
    page.get_by_role("link", name="Comptes annuels et indemnités des membres").click()
    page.get_by_label("Ouvrir l'exercice").fill("2025")
    page.get_by_role("button", name="Ouvrir l'exercice").click()
    expect(page.locator("#m-aci-fonctionnement")).to_have_value("50000.00")
    page.locator("#m-personnel-fonctionnement").fill("30000")
    page.locator("#m-locaux-acces").fill("5 000")
    page.get_by_label("Réserves à la clôture").fill("15000")
    page.get_by_role("button", name="Enregistrer les comptes").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Comptes 2025 enregistrés.")
    page.get_by_role("button", name="Déposer les comptes 2025").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Comptes 2025 déposés")
    expect(page.locator("#statut")).to_contain_text("Déposés")

    ouvrir_la_session(page, live_server.url, "agent-cpam")
    page.goto(f"{live_server.url}{reverse('contrats:dialogue', args=[dialogue.pk])}")
    situation = page.locator("#situation-financiere")
    expect(situation).to_contain_text("Situation financière de l'exercice 2025")
    expect(situation).to_contain_text(dedans("Charges : 35\u202f000,00\u00a0€"), use_inner_text=True)
    page.get_by_label("Conclusions des parties sur la situation financière").fill("Réserves raisonnables.")
    page.get_by_role("button", name="Enregistrer les conclusions").click()
    expect(page.locator("#conclusions-financieres")).to_contain_text("Réserves raisonnables.")
    assert ConclusionsFinancieres.objects.get().exercice.cpts == contrat.cpts

    ouvrir_la_session(page, live_server.url, "lecteur-national")
    page.goto(f"{live_server.url}{reverse('pilotage:index')}")
    page.get_by_role("link", name="Emploi des fonds des CPTS (comptes annuels, par mission)").click()
    page.get_by_label("Exercice").fill("2025")
    # Une absence ne se lit que sur la page entière.
    suivre(page.get_by_role("button", name="Afficher"))
    fonctionnement = page.locator("#par-mission tr", has_text="Fonctionnement")
    expect(fonctionnement).to_contain_text("3")
    expect(fonctionnement).not_to_contain_text("secret")
    expect(page.locator("#par-cpts")).to_contain_text(contrat.cpts.nom)
