"""Les pages des contrats : chacun voit ce que son rôle lui permet, les refus s'affichent en français."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpts.contrats.models import Contrat, DialogueGestion, Paiement, Valeur
from cpts.dossiers.enums import Etape
from cpts.www import pagination
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import PDF_MINIMAL, ContratFactory, IndicateurFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fichiers_temporaires")]


@pytest.fixture
def contrat() -> Contrat:
    return ContratFactory()


@pytest.fixture
def agent_cpam(client: Client) -> object:
    agent = UtilisateurFactory(agent_cpam_departement=True)
    client.force_login(agent)
    return agent


def connecter(client: Client, **profil: object) -> object:
    utilisateur = UtilisateurFactory(**profil)
    client.force_login(utilisateur)
    return utilisateur


def texte(reponse: object) -> str:
    return re.sub(r"\s+", " ", reponse.content.decode())


# Listes et navigation


def test_le_menu_mene_aux_contrats(client: Client, agent_cpam: object) -> None:
    assert 'href="/contrats/"' in client.get("/").content.decode()


def test_la_liste_montre_les_contrats_du_perimetre(client: Client, contrat: Contrat, agent_cpam: object) -> None:
    ailleurs = ContratFactory(hors_region=True)
    html = client.get(reverse("contrats:liste")).content.decode()
    assert contrat.cpts.nom in html
    assert ailleurs.cpts.nom not in html


def test_un_coordinateur_ne_voit_que_son_contrat(client: Client, contrat: Contrat) -> None:
    autre = ContratFactory()
    connecter(client, cpts=[contrat.cpts])
    html = client.get(reverse("contrats:liste")).content.decode()
    assert contrat.cpts.nom in html
    assert autre.cpts.nom not in html
    assert client.get(reverse("contrats:detail", args=[autre.pk])).status_code == 404


def test_les_cpts_au_projet_de_sante_valide_sont_proposees_a_la_signature(client: Client, agent_cpam: object) -> None:
    from tests.dossiers.factories import CptsFactory

    prete = CptsFactory(etape=Etape.PROJET_SANTE_VALIDE)
    assert reverse("contrats:signer", args=[prete.pk]) in client.get(reverse("contrats:liste")).content.decode()


# Signature


@pytest.mark.usefixtures("communes")
def test_l_agent_enregistre_la_signature_depuis_la_page(client: Client, agent_cpam: object) -> None:
    from tests.contrats.factories import cpts_prete_a_signer

    cpts = cpts_prete_a_signer()
    page = client.get(reverse("contrats:signer", args=[cpts.pk]))
    assert "Ce que le contrat retiendra" in texte(page)
    donnees = {"signature": "15/06/2022", "motif": ""}
    for code in ("acces", "parcours", "prevention", "crise"):
        donnees[f"choisie_{code}"] = "on"
        donnees[f"demarrage_{code}"] = "15/06/2022"
    donnees["document"] = SimpleUploadedFile("contrat.pdf", PDF_MINIMAL, content_type="application/pdf")
    reponse = client.post(reverse("contrats:signer", args=[cpts.pk]), donnees)
    contrat = Contrat.objects.get(cpts=cpts)
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("contrats:detail", args=[contrat.pk])
    cpts.refresh_from_db()
    assert cpts.etape == Etape.CONTRAT_SIGNE
    assert contrat.document


@pytest.mark.usefixtures("communes")
def test_une_signature_refusee_affiche_la_raison_et_n_ecrit_rien(client: Client, agent_cpam: object) -> None:
    from tests.contrats.factories import cpts_prete_a_signer

    cpts = cpts_prete_a_signer()
    donnees = {"signature": "15/06/2022", "choisie_acces": "on", "demarrage_acces": "01/06/2022"}
    reponse = client.post(reverse("contrats:signer", args=[cpts.pk]), donnees)
    assert reponse.status_code == 200
    html = texte(reponse)
    assert "ne peut démarrer le 01/06/2022, avant la signature (15/06/2022)" in html
    assert "Missions socles obligatoires au contrat" in html
    assert not Contrat.objects.exists()


def test_un_coordinateur_n_accede_pas_a_la_signature(client: Client) -> None:
    from tests.dossiers.factories import CptsFactory

    cpts = CptsFactory(etape=Etape.PROJET_SANTE_VALIDE)
    connecter(client, cpts=[cpts])
    assert client.get(reverse("contrats:signer", args=[cpts.pk])).status_code == 403


# Contrat et documents


@pytest.mark.usefixtures("agent_cpam")
def test_la_page_du_contrat_montre_termes_missions_et_alertes(client: Client, contrat: Contrat) -> None:
    html = texte(client.get(reverse("contrats:detail", args=[contrat.pk])))
    assert "Contrat ACI de" in html
    assert "Accès aux soins" in html
    assert "Historique des modifications" in html
    assert 'id="tableau-alertes"' in html


@pytest.mark.usefixtures("agent_cpam")
def test_la_page_du_contrat_mene_a_la_fiche_de_la_cpts(client: Client, contrat: Contrat) -> None:
    html = texte(client.get(reverse("contrats:detail", args=[contrat.pk])))
    lien = f'<a href="{reverse("dossiers:detail", args=[contrat.cpts.pk])}">{contrat.cpts.nom}</a>'
    assert f"Contrat ACI de la CPTS {lien}" in html


@pytest.mark.usefixtures("agent_cpam")
def test_la_page_du_contrat_liste_les_contrats_de_sa_cpts_du_plus_ancien_au_plus_recent(
    client: Client, contrat: Contrat
) -> None:
    suivant = ContratFactory(cpts=contrat.cpts, signature=contrat.fin)
    html = texte(client.get(reverse("contrats:detail", args=[suivant.pk])))
    ancien = f'<a href="{reverse("contrats:detail", args=[contrat.pk])}">Contrat du {contrat.signature:%d/%m/%Y} au'
    assert ancien in html
    assert f"Ce contrat : du {suivant.signature:%d/%m/%Y} au {suivant.fin:%d/%m/%Y}" in html
    assert html.index(ancien) < html.index("Ce contrat : du")


@pytest.mark.usefixtures("agent_cpam")
def test_le_pdf_signe_se_depose_puis_se_telecharge_avec_les_droits(client: Client, contrat: Contrat) -> None:
    pdf = SimpleUploadedFile("contrat.pdf", PDF_MINIMAL, content_type="application/pdf")
    client.post(reverse("contrats:deposer_document", args=[contrat.pk]), {"document": pdf})
    reponse = client.get(reverse("contrats:document", args=[contrat.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert b"".join(reponse.streaming_content) == PDF_MINIMAL
    connecter(client, role="agent_cpam", departements=["44"])
    assert client.get(reverse("contrats:document", args=[contrat.pk])).status_code == 404


def test_un_depot_qui_n_est_pas_un_pdf_est_refuse(client: Client, contrat: Contrat, agent_cpam: object) -> None:
    faux = SimpleUploadedFile("contrat.pdf", b"MZ\x90\x00 exe", content_type="application/pdf")
    reponse = client.post(reverse("contrats:deposer_document", args=[contrat.pk]), {"document": faux}, follow=True)
    assert "n&#x27;est pas un PDF" in reponse.content.decode() or "n'est pas un PDF" in texte(reponse)
    contrat.refresh_from_db()
    assert not contrat.document


@pytest.mark.usefixtures("agent_cpam")
def test_sans_document_depose_le_telechargement_est_introuvable(client: Client, contrat: Contrat) -> None:
    assert client.get(reverse("contrats:document", args=[contrat.pk])).status_code == 404


def test_l_agent_date_une_mission_et_un_demarrage_tardif_est_signale(client: Client, agent_cpam: object) -> None:
    contrat = ContratFactory(missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]))
    mission = contrat.missions.get(mission="acces")
    reponse = client.post(
        reverse("contrats:mission", args=[mission.pk]), {"demarrage": "01/03/2023", "deploiement": ""}, follow=True
    )
    assert "après la date limite du 15/12/2022" in texte(reponse)
    mission.refresh_from_db()
    assert mission.demarrage == datetime.date(2023, 3, 1)


def test_l_agent_enregistre_un_avenant(client: Client, contrat: Contrat) -> None:
    connecter(client, agent_ars_region=True)
    donnees = {
        "signe_le": "02/05/2023",
        "effet_le": "15/06/2023",
        "objet": "Ajout de la mission qualité",
        "choisie_qualite": "on",
        "demarrage_qualite": "01/07/2023",
    }
    reponse = client.post(reverse("contrats:avenant", args=[contrat.pk]), donnees)
    assert reponse.status_code == 302
    assert contrat.missions.filter(mission="qualite", ajoutee_par__numero=1).exists()


# Échéancier et versements


def test_l_agent_cpam_enregistre_un_versement(client: Client, contrat: Contrat, agent_cpam: object) -> None:
    page = texte(client.get(reverse("contrats:echeancier", args=[contrat.pk])))
    assert "Enregistrer un versement" in page
    donnees = {
        "ligne": "1.fonctionnement.fixe.avance",
        "montant": "45 000,00",
        "date": "20/06/2022",
        "reference": "VIR-PAGE-1",
    }
    reponse = client.post(reverse("contrats:payer", args=[contrat.pk]), donnees)
    assert reponse.status_code == 302
    assert Paiement.objects.get().montant == Decimal("45000.00")


@pytest.mark.usefixtures("agent_cpam")
def test_un_versement_au_dela_du_du_est_refuse_sur_la_page(client: Client, contrat: Contrat) -> None:
    donnees = {"ligne": "1.fonctionnement.fixe.avance", "montant": "50000", "date": "20/06/2022", "reference": "V-2"}
    reponse = client.post(reverse("contrats:payer", args=[contrat.pk]), donnees)
    assert reponse.status_code == 422
    assert "dépasse le restant dû sur cette ligne" in texte(reponse)
    assert not Paiement.objects.exists()


def test_le_coordinateur_voit_son_echeancier_en_lecture_seule(client: Client, contrat: Contrat) -> None:
    connecter(client, cpts=[contrat.cpts])
    page = texte(client.get(reverse("contrats:echeancier", args=[contrat.pk])))
    assert "Lignes de l'échéancier" in page
    assert "Enregistrer un versement" not in page
    donnees = {"ligne": "1.fonctionnement.fixe.avance", "montant": "1", "date": "20/06/2022", "reference": "V-3"}
    assert client.post(reverse("contrats:payer", args=[contrat.pk]), donnees).status_code == 403
    assert not Paiement.objects.exists()


def test_l_agent_ars_ne_paie_pas(client: Client, contrat: Contrat) -> None:
    connecter(client, agent_ars_region=True)
    assert "Enregistrer un versement" not in texte(client.get(reverse("contrats:echeancier", args=[contrat.pk])))


@pytest.mark.parametrize(("format_", "type_"), [("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")])
def test_l_echeancier_s_exporte(client: Client, contrat: Contrat, agent_cpam: object, format_: str, type_: str) -> None:
    reponse = client.get(reverse("contrats:echeancier", args=[contrat.pk]), {"format": format_})
    assert reponse["Content-Type"].startswith(type_)
    assert f".{format_}" in reponse["Content-Disposition"]


def test_un_versement_s_annule_avec_un_motif(client: Client, contrat: Contrat, agent_cpam: object) -> None:
    from tests.contrats.factories import PaiementFactory

    paiement = PaiementFactory(contrat=contrat)
    client.post(reverse("contrats:annuler_paiement", args=[paiement.pk]), {"motif": "Virement rejeté."})
    page = texte(client.get(reverse("contrats:echeancier", args=[contrat.pk])))
    assert "Annulé" in page
    assert "Virement rejeté." in page


# Indicateurs et dialogue


def test_le_coordinateur_declare_une_valeur_mais_ne_definit_pas_d_indicateur(client: Client, contrat: Contrat) -> None:
    indicateur = IndicateurFactory(contrat=contrat)
    connecter(client, cpts=[contrat.cpts])
    page = texte(client.get(reverse("contrats:indicateurs", args=[contrat.pk])))
    assert "Déclarer une valeur" in page
    assert "Ajouter un indicateur local" not in page
    prefixe = f"indicateur{indicateur.pk}"
    client.post(
        reverse("contrats:declarer_valeur", args=[indicateur.pk]),
        {f"{prefixe}-annee": "1", f"{prefixe}-valeur": "12,5", f"{prefixe}-commentaire": ""},
    )
    assert Valeur.objects.get().valeur == Decimal("12.5")
    assert client.get(reverse("contrats:ajouter_indicateur", args=[contrat.pk])).status_code == 403


def test_l_agent_ajoute_un_indicateur_local_et_ses_cibles(client: Client, contrat: Contrat, agent_cpam: object) -> None:
    donnees = {
        "mission": "prevention",
        "libelle": "Actions de dépistage",
        "definition": "Nombre d'actions.",
        "source": "CPTS",
        "sens": "croissant",
        "reference": "0",
        "poids": "1",
        "cible_1": "4",
        "cible_2": "6,5",
    }
    reponse = client.post(reverse("contrats:ajouter_indicateur", args=[contrat.pk]), donnees)
    assert reponse.status_code == 302
    indicateur = contrat.indicateurs.get(libelle="Actions de dépistage")
    assert list(indicateur.cibles.values_list("annee", "valeur")) == [(1, Decimal(4)), (2, Decimal("6.5"))]


@pytest.mark.usefixtures("agent_cpam")
def test_l_agent_tient_le_dialogue_puis_retient_l_atteinte(client: Client, contrat: Contrat) -> None:
    IndicateurFactory(contrat=contrat, mission="acces", cibles={1: 100}, valeurs={1: 80})
    donnees = {"annee": "1", "date": "03/07/2023", "participants": "CPTS, CPAM, ARS", "constat_acces": "SAS en place"}
    reponse = client.post(reverse("contrats:dialogues", args=[contrat.pk]), donnees)
    dialogue = DialogueGestion.objects.get()
    assert reponse["Location"] == reverse("contrats:dialogue", args=[dialogue.pk])
    bilan = dialogue.bilans.get(mission="acces")
    page = texte(client.get(reponse["Location"]))
    assert "80,0 %" in page
    refus = client.post(reverse("contrats:retenir", args=[bilan.pk]), {f"bilan{bilan.pk}-taux": "1,2"})
    assert refus.status_code == 422
    assert "Taux d&#x27;atteinte hors de [0, 1]" in refus.content.decode()
    client.post(reverse("contrats:retenir", args=[bilan.pk]), {f"bilan{bilan.pk}-taux": "0,8"})
    bilan.refresh_from_db()
    assert bilan.taux_retenu == Decimal("0.8")


def test_le_coordinateur_lit_le_dialogue_sans_pouvoir_retenir(client: Client, contrat: Contrat) -> None:
    from tests.contrats.factories import BilanFactory

    bilan = BilanFactory(dialogue__contrat=contrat, taux_retenu=Decimal("0.7"), retenu_le=timezone.now())
    connecter(client, cpts=[contrat.cpts])
    page = texte(client.get(reverse("contrats:dialogue", args=[bilan.dialogue.pk])))
    assert "70,0 %" in page
    assert "Retenir" not in page
    assert client.post(reverse("contrats:retenir", args=[bilan.pk]), {f"bilan{bilan.pk}-taux": "1"}).status_code == 403


# Alertes et versements à venir


def test_la_page_des_alertes_liste_les_retards(client: Client, agent_cpam: object) -> None:
    ContratFactory(missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]))
    page = texte(client.get(reverse("contrats:alertes")))
    assert "démarrage attendu au plus tard le 15/12/2022, date dépassée" in page


def test_les_versements_a_venir_de_la_region_s_affichent_et_s_exportent(client: Client, agent_cpam: object) -> None:
    recent = ContratFactory(
        signature=timezone.localdate() - datetime.timedelta(days=10),
        missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]),
    )
    page = texte(client.get(reverse("contrats:versements"), {"jours": "30"}))
    assert recent.cpts.nom in page
    assert "60 000,00 €" in page.replace("\u202f", " ").replace("\u00a0", " ")
    export = client.get(reverse("contrats:versements"), {"jours": "30", "format": "csv"})
    assert recent.cpts.nom in export.content.decode("utf-8-sig")


def test_les_alertes_s_affichent_par_pages_les_plus_urgentes_d_abord(
    client: Client, agent_cpam: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "PAR_PAGE", 2)
    ContratFactory(missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]))
    premiere = texte(client.get(reverse("contrats:alertes")))
    assert premiere.count("<tr>") == 1 + 2  # l'en-tête et deux alertes
    assert "page 1 sur" in premiere
    derniere = texte(client.get(reverse("contrats:alertes"), {"page": "999"}))
    assert 'aria-current="page"' in derniere
    assert 'aria-disabled="true" role="link">Page suivante' in derniere


def test_les_versements_a_venir_s_affichent_par_pages_et_le_total_porte_sur_toutes_les_lignes(
    client: Client, agent_cpam: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "PAR_PAGE", 1)
    ContratFactory.create_batch(
        2,
        signature=timezone.localdate() - datetime.timedelta(days=10),
        missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]),
    )
    page = texte(client.get(reverse("contrats:versements"), {"jours": "30"}))
    corps = page.split("<tbody>")[1].split("</tbody>")[0]
    assert corps.count("<tr>") == 1
    assert "2 lignes, page 1 sur 2" in page
    total = page.split('id="total-a-verser">')[1].split("<")[0]
    assert total.replace("\u202f", " ").replace("\u00a0", " ") == "120 000,00 €"
    export = client.get(reverse("contrats:versements"), {"jours": "30", "format": "csv"})
    assert export.content.decode("utf-8-sig").strip().count("\n") == 2  # l'en-tête et toutes les lignes


@pytest.mark.parametrize(
    "page",
    ["liste", "alertes", "versements", "detail", "echeancier", "indicateurs", "dialogues", "avenant"],
)
def test_les_pages_n_ont_ni_script_ni_style_en_ligne(client: Client, contrat: Contrat, page: str) -> None:
    connecter(client, administrateur=True)
    IndicateurFactory(contrat=contrat, cibles={1: 3}, valeurs={1: 2})
    adresse = reverse(f"contrats:{page}", args=[contrat.pk] if page not in ("liste", "alertes", "versements") else [])
    html = client.get(adresse).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == []
    assert re.findall(r"\sstyle=\"", html) == []


# Fidélité aux textes : options, texte appliqué, avertissements


def test_la_page_du_contrat_montre_ses_options_et_ses_avertissements(client: Client, agent_cpam: object) -> None:
    ancien = ContratFactory(aci_2019=True)
    ancien.options.create(option="snp-regulation", depuis=datetime.date(2021, 1, 4))

    page = texte(client.get(reverse("contrats:detail", args=[ancien.pk])))

    assert "Soins non programmés : régulation, enveloppe fléchée (ACI 2019), due à partir du 04/01/2021" in page
    assert "La mission socle crises sanitaires graves manque au contrat" in page


def test_l_echeancier_nomme_le_texte_de_chaque_ligne_et_signale_notre_lecture(
    client: Client, agent_cpam: object
) -> None:
    ancien = ContratFactory(aci_2019=True)

    page = texte(client.get(reverse("contrats:echeancier", args=[ancien.pk])))

    assert '<th scope="col">Texte appliqué</th>' in page
    assert "<td>ACI 2019 (notre lecture)</td>" in page
    assert "à cheval sur l&#x27;entrée en vigueur du texte avenant 2 le 01/04/2022" in page
