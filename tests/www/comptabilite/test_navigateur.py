"""De bout en bout, dans Chromium : la coordinatrice saisit et dépose les comptes de l'année, l'agent les lit en
tête du dialogue de gestion et y consigne les conclusions, le lecteur national voit l'agrégat anonyme."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cpts.comptabilite.models import ConclusionsFinancieres
from tests.comptabilite.factories import ExerciceFactory
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, DialogueFactory, PaiementFactory
from tests.navigateur import se_connecter

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

    se_connecter(page, live_server.url, "coordinatrice")
    page.goto(f"{live_server.url}{reverse('dossiers:detail', args=[contrat.cpts.pk])}")
    page.get_by_role("link", name="Comptes annuels et indemnités des membres").click()
    page.get_by_label("Ouvrir l'exercice").fill("2025")
    page.get_by_role("button", name="Ouvrir l'exercice").click()
    assert page.locator("#m-aci-fonctionnement").input_value() == "50000.00"
    page.locator("#m-personnel-fonctionnement").fill("30000")
    page.locator("#m-locaux-acces").fill("5 000")
    page.get_by_label("Réserves à la clôture").fill("15000")
    page.get_by_role("button", name="Enregistrer les comptes").click()
    assert "Comptes 2025 enregistrés." in page.locator(".fr-alert--success").inner_text()
    page.get_by_role("button", name="Déposer les comptes 2025").click()
    assert "Comptes 2025 déposés" in page.locator(".fr-alert--success").inner_text()
    assert "Déposés" in page.locator("#statut").inner_text()

    se_connecter(page, live_server.url, "agent-cpam")
    page.goto(f"{live_server.url}{reverse('contrats:dialogue', args=[dialogue.pk])}")
    situation = page.locator("#situation-financiere")
    assert "Situation financière de l'exercice 2025" in situation.inner_text()
    assert "Charges : 35\u202f000,00\u00a0€" in situation.inner_text()
    page.get_by_label("Conclusions des parties sur la situation financière").fill("Réserves raisonnables.")
    page.get_by_role("button", name="Enregistrer les conclusions").click()
    assert "Réserves raisonnables." in page.locator("#conclusions-financieres").inner_text()
    assert ConclusionsFinancieres.objects.get().exercice.cpts == contrat.cpts

    se_connecter(page, live_server.url, "lecteur-national")
    page.goto(f"{live_server.url}{reverse('pilotage:index')}")
    page.get_by_role("link", name="Emploi des fonds des CPTS (comptes annuels, par mission)").click()
    page.get_by_label("Exercice").fill("2025")
    page.get_by_role("button", name="Afficher").click()
    fonctionnement = page.locator("#par-mission tr", has_text="Fonctionnement")
    assert "3" in fonctionnement.inner_text()
    assert "secret" not in fonctionnement.inner_text()
    assert contrat.cpts.nom in page.locator("#par-cpts").inner_text()
