"""De bout en bout, dans Chromium : l'agent déclare une valeur, tient le dialogue de gestion, retient l'atteinte,
voit le solde à payer et enregistre le versement ; la coordinatrice voit son échéancier et ses versements, sans
pouvoir payer."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cpts.contrats.models import Paiement
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, IndicateurFactory
from tests.navigateur import dedans, ouvrir_la_session, suivre

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

    ouvrir_la_session(page, live_server.url, "agent-cpam")
    page.goto(f"{live_server.url}/contrats/")
    page.get_by_role("link", name=contrat.cpts.nom).click()
    page.get_by_role("link", name="Indicateurs").click()
    formulaire = page.locator("form", has_text="Déclarer une valeur : Patients avec médecin traitant")
    formulaire.get_by_label("Année du contrat").select_option("1")
    formulaire.get_by_label("Valeur constatée").fill("80")
    formulaire.get_by_role("button", name=re.compile("Enregistrer la valeur")).click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Valeur de l'année 1 enregistrée")

    page.get_by_role("link", name="Dialogues de gestion").click()
    page.get_by_label("Année du contrat examinée").select_option("1")
    page.get_by_label("Tenu le").fill("03/07/2023")
    page.get_by_label("Participants").fill("CPTS, CPAM du Rhône, ARS")
    page.get_by_label("Constats : Accès aux soins").fill("Médecin traitant : 80 % de l'objectif.")
    page.get_by_role("button", name="Enregistrer le dialogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogue de gestion de l'année 1")
    bilan = page.locator("#bilan-acces")
    expect(bilan).to_contain_text("80,0")
    bilan.get_by_role("button", name=re.compile("Retenir")).click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Atteinte retenue pour la mission Accès aux soins")

    page.get_by_role("link", name="Échéancier et versements").click()
    ligne = page.locator("#ligne-1accesvariablesolde")
    expect(ligne).to_contain_text(dedans("24\u202f000,00\u00a0€"), use_inner_text=True)
    ligne.get_by_role("link", name=re.compile("Payer")).click()
    page.get_by_label("Versé le").fill("10/07/2023")
    page.get_by_label("Référence du paiement").fill("VIR-2023-0710-ACCES")
    page.get_by_role("button", name="Enregistrer le versement").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Versement VIR-2023-0710-ACCES enregistré")
    expect(page.locator("#ligne-1accesvariablesolde")).to_contain_text("Payé")
    assert Paiement.objects.get().montant == Decimal("24000.00")

    # La déconnexion finie (sa réponse efface le cookie de session) avant que la session suivante soit posée.
    suivre(page.get_by_role("button", name="Se déconnecter"))
    ouvrir_la_session(page, live_server.url, "coordinatrice")
    page.goto(f"{live_server.url}/contrats/")
    page.get_by_role("link", name=contrat.cpts.nom).click()
    # Des absences : lues sur la page entière.
    suivre(page.get_by_role("link", name="Échéancier et versements"))
    expect(page.locator("#tableau-paiements")).to_contain_text("VIR-2023-0710-ACCES")
    expect(page.get_by_role("button", name="Enregistrer le versement")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Payer"))).to_have_count(0)
