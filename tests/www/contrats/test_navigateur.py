"""De bout en bout, dans Chromium : l'agent déclare une valeur, tient le dialogue de gestion, retient l'atteinte,
voit le solde à payer et enregistre le versement ; la coordinatrice voit son échéancier et ses versements, sans
pouvoir payer."""

import re
from decimal import Decimal

import pytest

from cpts.contrats.models import Paiement
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, IndicateurFactory
from tests.navigateur import se_connecter

pytestmark = [
    pytest.mark.navigateur,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fichiers_temporaires"),
]


def test_l_agent_suit_le_contrat_jusqu_au_versement_et_la_coordinatrice_le_lit(
    page: object, live_server: object
) -> None:
    contrat = ContratFactory()
    IndicateurFactory(contrat=contrat, mission="acces", libelle="Patients avec médecin traitant", cibles={1: 100})
    UtilisateurFactory(username="agent-cpam", role="agent_cpam", departements=["69"])
    UtilisateurFactory(username="coordinatrice", cpts=[contrat.cpts])

    se_connecter(page, live_server.url, "agent-cpam")
    page.get_by_role("link", name="Contrats", exact=True).first.click()
    page.get_by_role("link", name=contrat.cpts.nom).click()
    page.get_by_role("link", name="Indicateurs").click()
    formulaire = page.locator("form", has_text="Déclarer une valeur : Patients avec médecin traitant")
    formulaire.get_by_label("Année du contrat").select_option("1")
    formulaire.get_by_label("Valeur constatée").fill("80")
    formulaire.get_by_role("button", name=re.compile("Enregistrer la valeur")).click()
    assert "Valeur de l'année 1 enregistrée" in page.locator(".fr-alert--success").inner_text()

    page.get_by_role("link", name="Dialogues de gestion").click()
    page.get_by_label("Année du contrat examinée").select_option("1")
    page.get_by_label("Tenu le").fill("03/07/2023")
    page.get_by_label("Participants").fill("CPTS, CPAM du Rhône, ARS")
    page.get_by_label("Constats : Accès aux soins").fill("Médecin traitant : 80 % de l'objectif.")
    page.get_by_role("button", name="Enregistrer le dialogue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dialogue de gestion de l'année 1"
    bilan = page.locator("#bilan-acces")
    assert "80,0" in bilan.inner_text()
    bilan.get_by_role("button", name=re.compile("Retenir")).click()
    assert "Atteinte retenue pour la mission Accès aux soins" in page.locator(".fr-alert--success").inner_text()

    page.get_by_role("link", name="Échéancier et versements").click()
    ligne = page.locator("#ligne-1accesvariablesolde")
    assert "24\u202f000,00\u00a0€" in ligne.inner_text()
    ligne.get_by_role("link", name=re.compile("Payer")).click()
    page.get_by_label("Versé le").fill("10/07/2023")
    page.get_by_label("Référence du paiement").fill("VIR-2023-0710-ACCES")
    page.get_by_role("button", name="Enregistrer le versement").click()
    assert "Versement VIR-2023-0710-ACCES enregistré" in page.locator(".fr-alert--success").inner_text()
    assert "Payé" in page.locator("#ligne-1accesvariablesolde").text_content()
    assert Paiement.objects.get().montant == Decimal("24000.00")

    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, live_server.url, "coordinatrice")
    page.get_by_role("link", name="Contrats", exact=True).first.click()
    page.get_by_role("link", name=contrat.cpts.nom).click()
    page.get_by_role("link", name="Échéancier et versements").click()
    assert "VIR-2023-0710-ACCES" in page.locator("#tableau-paiements").inner_text()
    assert page.get_by_role("button", name="Enregistrer le versement").count() == 0
    assert page.get_by_role("link", name=re.compile("^Payer")).count() == 0
