"""Le parcours principal de chaque rôle, de bout en bout dans Chromium, avec axe-core sur chaque page visitée :
coordinatrice (composer, simuler, rédiger et déposer, répondre à une demande de complément), agent (instruire,
signer, lire l'échéancier, payer), secrétariat de la CPR (réunion, convocation, vote, relevé), lecteur national
(tableaux à une date, export)."""

import datetime
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cpts.dossiers import instruction
from cpts.dossiers.enums import Etape
from tests.accessibilite import attendre_les_cartes, verifier
from tests.commission.factories import CommissionFactory, composition_paritaire
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import PDF_MINIMAL
from tests.dossiers import factories, parcours
from tests.navigateur import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


@pytest.mark.timeout(300)
def test_la_coordinatrice_compose_simule_depose_son_pre_projet_et_repond_au_complement(
    page: object, live_server: object
) -> None:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais", avec_territoire=True, avec_association=True)
    parcours.equipe_pluriprofessionnelle(cpts)
    UtilisateurFactory(username="coordinatrice", cpts=[cpts])
    agent = UtilisateurFactory(agent_ars_region=True)
    fiche = f"{live_server.url}/cpts/{cpts.pk}/"

    se_connecter(page, live_server.url, "coordinatrice")
    verifier(page)
    page.get_by_role("link", name="Monts du Lyonnais").click()
    verifier(page)

    # Composer : une commune de plus, choisie au clavier, puis le territoire enregistré.
    page.get_by_role("link", name="Composer ou voir le territoire").click()
    # La recherche part à la saisie une fois htmx prêt (fin du chargement) : une frappe plus tôt ne lance rien.
    page.wait_for_load_state("load")
    page.get_by_label("Rechercher une commune ou un EPCI").fill("brindas")
    page.get_by_role("button", name=re.compile(r"^Brindas \(69028\)")).wait_for()
    verifier(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator("#non-enregistre").wait_for()
    verifier(page)
    page.get_by_role("button", name="Enregistrer le territoire").click()
    page.get_by_text("Territoire de Monts du Lyonnais enregistré").wait_for()
    expect(page.locator("#non-enregistre")).to_have_count(0)
    verifier(page)

    # Simuler avec ce territoire.
    page.get_by_role("link", name="Simuler le financement avec ce territoire").click()
    verifier(page)
    page.get_by_role("button", name="Simuler", exact=True).click()
    page.locator("#total-annuel-a").wait_for()
    verifier(page)

    # Rédiger et déposer le pré-projet.
    page.goto(fiche)
    page.get_by_role("button", name="Rédiger le pré-projet").click()
    verifier(page)
    for cle, valeur in factories.valeurs_pre_projet(
        date_depot_projet="01/12/2026", date_mise_en_oeuvre="01/03/2027"
    ).items():
        champ = page.locator(f"#id_{cle}")
        if cle == "redaction_projet":
            champ.select_option(valeur)
        else:
            champ.fill(str(valeur))
    page.get_by_role("button", name="Enregistrer et déposer").click()
    page.wait_for_url(fiche)
    expect(page.locator("#etape")).to_have_text("Lettre d'intention (pré-projet déposé)")
    verifier(page)

    # L'agent demande un complément ; la coordinatrice le lit sur sa fiche et répond.
    instruction.demander_complement(
        cpts, agent, objet="Item 8 : moyens d'action", texte="Précisez le temps de coordination prévu."
    )
    page.reload()
    verifier(page)
    page.get_by_label("Votre réponse").fill("Une coordinatrice à mi-temps dès janvier.")
    page.get_by_role("button", name="Répondre").click()
    expect(page.get_by_text("Réponse envoyée.")).to_be_visible()
    verifier(page)


@pytest.mark.timeout(300)
def test_l_agent_instruit_signe_lit_l_echeancier_et_enregistre_un_versement(page: object, live_server: object) -> None:
    coordinatrice = UtilisateurFactory()
    cpts = parcours.dossier_complet(
        coordinatrice, etape=Etape.PROJET_SANTE_DEPOSE, depuis=datetime.date(2026, 10, 1), nom="Monts du Lyonnais"
    )
    # L'agent de la CPAM : il instruit et signe comme celui de l'ARS, et lui seul enregistre les versements.
    UtilisateurFactory(username="agent", agent_cpam_departement=True)
    aujourd_hui = timezone.localdate().strftime("%d/%m/%Y")

    se_connecter(page, live_server.url, "agent")
    verifier(page)
    page.goto(f"{live_server.url}/cpts/{cpts.pk}/")
    verifier(page)

    # Instruire : la décision se vérifie avant d'être enregistrée.
    page.get_by_label("Décision", exact=True).select_option("valider_projet_sante")
    page.get_by_label("Date de la décision").fill(aujourd_hui)
    page.get_by_label("Instance qui a décidé").select_option("cpam")
    page.get_by_role("button", name="Vérifier la décision avant de l'enregistrer").click()
    verifier(page)
    page.get_by_role("button", name="Confirmer : validation du projet de santé").click()
    expect(page.locator("#etape")).to_have_text("Projet de santé validé")
    verifier(page)

    # Signer : le contrat signé est déposé en PDF.
    page.get_by_role("link", name="Contrats", exact=True).first.click()
    verifier(page)
    page.get_by_role("link", name="Enregistrer la signature du contrat").click()
    verifier(page)
    page.get_by_label("Contrat signé").set_input_files(
        files=[{"name": "contrat.pdf", "mimeType": "application/pdf", "buffer": PDF_MINIMAL}]
    )
    page.get_by_role("button", name="Enregistrer la signature").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("passe à l'étape « contrat signé »")
    verifier(page)

    # L'échéancier, puis le versement d'une ligne due.
    page.get_by_role("link", name="Échéancier et versements").click()
    verifier(page)
    page.get_by_role("link", name=re.compile("^Payer")).first.click()
    page.get_by_label("Versé le").fill(aujourd_hui)
    page.get_by_label("Référence du paiement").fill("VIR-2026-1116")
    verifier(page)
    page.get_by_role("button", name="Enregistrer le versement").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Versement VIR-2026-1116 enregistré")
    verifier(page)


@pytest.mark.timeout(300)
def test_le_secretariat_reunit_convoque_fait_voter_et_publie_le_releve(page: object, live_server: object) -> None:
    commission = CommissionFactory()
    composition_paritaire(commission, le=timezone.localdate() - timedelta(days=400))
    UtilisateurFactory(username="secretariat", role="agent_cpam", region="84")
    jour = timezone.localdate() + timedelta(days=20)

    se_connecter(page, live_server.url, "secretariat")
    page.get_by_role("link", name="Commission", exact=True).first.click()
    verifier(page)
    page.get_by_role("link", name=commission.nom).click()
    verifier(page)
    page.get_by_role("link", name="Préparer une réunion").click()
    verifier(page)
    page.get_by_label("Date de la réunion").fill(jour.strftime("%d/%m/%Y"))
    page.get_by_label("Mode").select_option("visio")
    page.get_by_role("button", name="Créer la réunion").click()
    verifier(page)

    page.get_by_label("Intitulé").fill("Avis sur la montée en charge des contrats")
    page.locator("label", has_text="Soumis au vote").click()
    page.get_by_role("button", name="Ajouter le point").click()
    page.get_by_role("button", name="Convoquer").click()
    expect(page.locator("#etat-reunion")).to_have_text("Convoquée")
    verifier(page)
    page.get_by_role("button", name="Envoyer l'ordre du jour").click()
    page.get_by_role("button", name="Ouvrir la séance").click()
    verifier(page)

    page.get_by_role("link", name="Enregistrer les présences").click()
    verifier(page)
    selects = page.locator("select[name^=presence_]")
    for rang in range(selects.count()):
        selects.nth(rang).select_option("titulaire")
    page.get_by_role("button", name="Enregistrer les présences").click()
    verifier(page)

    page.get_by_role("button", name="Ouvrir le scrutin du point 1").click()
    verifier(page)
    votes = page.locator("select[name^=choix_]")
    for rang in range(votes.count()):
        votes.nth(rang).select_option("pour")
    page.get_by_role("button", name="Enregistrer ces votes").click()
    page.get_by_role("button", name="Clore le scrutin").click()
    expect(page.get_by_role("heading", name="Résultat : Adoptée")).to_be_visible()
    verifier(page)

    page.get_by_role("link", name=re.compile("Réunion du")).first.click()
    page.get_by_role("button", name="Lever la séance").click()
    page.get_by_label("Publié le").fill(jour.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Publier le relevé").click()
    expect(page.get_by_text("Relevé de décisions publié et envoyé par courriel")).to_be_visible()
    verifier(page)
    page.get_by_role("link", name="Lire le relevé").click()
    expect(page.locator("main")).to_contain_text("Avis sur la montée en charge des contrats")
    verifier(page)


@pytest.mark.timeout(300)
def test_le_lecteur_national_lit_les_tableaux_a_une_date_et_les_exporte(page: object, live_server: object) -> None:
    factories.CptsFactory(signe=True, avec_territoire=True)
    UtilisateurFactory(username="lecteur")

    se_connecter(page, live_server.url, "lecteur")
    verifier(page)
    page.get_by_label("Situation au").fill("31/12/2024")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("main")).to_contain_text("Situation de la France entière au 31/12/2024.")
    verifier(page)

    with page.expect_download() as telechargement:
        page.get_by_role("link", name=re.compile("CSV — .*couverture", re.IGNORECASE)).first.click()
    assert telechargement.value.suggested_filename == "couverture-regions-france-2024-12-31.csv"
    contenu = Path(telechargement.value.path()).read_text(encoding="utf-8-sig")
    assert "Auvergne-Rhône-Alpes" in contenu

    page.get_by_role("link", name="Tableaux de bord régionaux").click()
    verifier(page)
    page.get_by_role("link", name="Auvergne-Rhône-Alpes").first.click()
    attendre_les_cartes(page)
    verifier(page)
