"""Les pages des dossiers : registre, fiche, décisions, membres, documents, instruction, exports."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpts.dossiers import depots, instruction
from cpts.dossiers.enums import Etape, TypeDocument
from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory
from tests.dossiers import factories, parcours

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True, first_name="Bruno", last_name="Agent")


@pytest.fixture
def cpts() -> Cpts:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais", avec_territoire=True, avec_association=True)
    parcours.equipe_pluriprofessionnelle(cpts)
    return cpts


@pytest.fixture
def coordinateur(cpts: Cpts) -> object:
    return UtilisateurFactory(cpts=[cpts], first_name="David", last_name="Coordinateur")


def _contenu(client: Client, url: str) -> str:
    reponse = client.get(url)
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_la_fiche_montre_l_etape_ce_qui_est_attendu_et_les_controles(client: Client, agent: object, cpts: Cpts) -> None:
    client.force_login(agent)
    contenu = _contenu(client, reverse("dossiers:detail", args=[cpts.pk]))
    assert "Étape 1 sur 6" in contenu
    assert "Rédiger et déposer le pré-projet" in contenu
    assert "Territoire enregistré, sans conflit avec une autre CPTS" in contenu
    assert reverse("territoires:composer_cpts", args=[cpts.pk]) in contenu


def test_la_fiche_d_une_cpts_signataire_mene_a_son_contrat(client: Client, agent: object) -> None:
    contrat = ContratFactory()
    client.force_login(agent)
    contenu = _contenu(client, reverse("dossiers:detail", args=[contrat.cpts.pk]))
    lien = f'<a href="{reverse("contrats:detail", args=[contrat.pk])}">Contrat ACI signé le 15/06/2022</a>'
    assert lien in contenu


@pytest.mark.parametrize(("profil", "voit"), [("agent_ars_region", True), ("membre_cpr", False)])
def test_la_fiche_d_une_cpts_signataire_mene_a_ses_comptes_pour_qui_peut_les_lire(
    client: Client, profil: str, voit: bool
) -> None:
    contrat = ContratFactory()
    client.force_login(UtilisateurFactory(**{profil: True}))
    contenu = _contenu(client, reverse("dossiers:detail", args=[contrat.cpts.pk]))
    assert (reverse("comptabilite:exercices", args=[contrat.cpts.pk]) in contenu) is voit


def test_la_fiche_d_une_cpts_sans_contrat_ne_mene_a_aucun_contrat(client: Client, agent: object, cpts: Cpts) -> None:
    client.force_login(agent)
    assert 'id="contrats"' not in _contenu(client, reverse("dossiers:detail", args=[cpts.pk]))


def test_un_territoire_de_moins_de_15_000_habitants_est_signale_comme_un_conseil(client: Client, agent: object) -> None:
    cpts = factories.CptsFactory(territoire=["69014"])
    client.force_login(agent)
    contenu = _contenu(client, reverse("dossiers:detail", args=[cpts.pk]))
    assert "1\u202f110 habitants : une population supérieure à 15 000 habitants est attendue (annexe 3)." in contenu


def test_la_page_d_accueil_du_coordinateur_dit_ce_qui_est_attendu_et_pour_quand(client: Client, cpts: Cpts) -> None:
    Cpts.objects.filter(pk=cpts.pk).update(etape=Etape.PROJET_SANTE_DEPOSE, etape_depuis=datetime.date(2024, 1, 15))
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    contenu = _contenu(client, reverse("accueil"))
    assert "sans opposition, le projet de santé sera réputé validé" not in contenu  # échéance passée
    assert "Délai de deux mois écoulé sans opposition" in contenu
    assert "15/03/2024" in contenu


def test_un_agent_enregistre_une_decision_depuis_la_fiche(client: Client, agent: object) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:decider", args=[cpts.pk]),
        {
            "transition": "valider_pre_projet",
            "date": timezone.localdate().strftime("%d/%m/%Y"),
            "instance": "ecd",
            "confirmation": "on",
        },
        follow=True,
    )
    cpts.refresh_from_db()
    assert cpts.etape == Etape.PRE_PROJET_VALIDE
    assert "Décision enregistrée : Validation du pré-projet" in reponse.content.decode()
    assert "Subvention FIR : 15\u202f000\u00a0€." in reponse.content.decode()


def test_la_fusion_se_decide_en_choisissant_une_cpts_ouverte_de_la_region_dans_la_liste_de_la_fiche(
    client: Client, agent: object, cpts: Cpts
) -> None:
    absorbante = factories.CptsFactory(nom="CPTS <Rhône> & Loire", en_isere=True)
    factories.CptsFactory(nom="CPTS fermée", etape=Etape.ABANDONNE)
    factories.CptsFactory(nom="CPTS de Loire-Atlantique", hors_region=True)
    client.force_login(agent)
    contenu = _contenu(client, reverse("dossiers:detail", args=[cpts.pk]))
    liste = contenu.split('<select name="cpts_absorbante"')[1].split("</select>")[0]
    options = [
        '<option value="" selected>---------</option>',
        f'<option value="{absorbante.pk}">CPTS &lt;Rhône&gt; &amp; Loire</option>',
    ]
    assert liste == ' class="fr-select" id="id_cpts_absorbante">' + "".join(options)
    client.post(
        reverse("dossiers:decider", args=[cpts.pk]),
        {
            "transition": "fusionner",
            "date": timezone.localdate().strftime("%d/%m/%Y"),
            "instance": "ars",
            "motif": "Rapprochement des deux équipes.",
            "cpts_absorbante": absorbante.pk,
            "confirmation": "on",
        },
    )
    cpts.refresh_from_db()
    assert cpts.etape == Etape.FUSIONNE
    assert cpts.decisions.get().cpts_absorbante == absorbante


def test_une_decision_refusee_affiche_ses_raisons_et_n_ecrit_rien(client: Client, agent: object, cpts: Cpts) -> None:
    Cpts.objects.filter(pk=cpts.pk).update(etape=Etape.LETTRE_INTENTION)
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:decider", args=[cpts.pk]),
        {
            "transition": "valider_pre_projet",
            "date": timezone.localdate().strftime("%d/%m/%Y"),
            "instance": "ecd",
            "confirmation": "on",
        },
        follow=True,
    )
    assert "Aucun pré-projet n&#x27;a été déposé : il n&#x27;y a rien à valider." in reponse.content.decode()
    assert not cpts.decisions.exists()


def test_une_date_mal_ecrite_est_refusee_en_nommant_le_champ(client: Client, agent: object, cpts: Cpts) -> None:
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:decider", args=[cpts.pk]),
        {"transition": "abandonner", "date": "31/02/2024", "instance": "ars", "motif": "Fin"},
        follow=True,
    )
    assert "Date de la décision : Saisissez une date valide." in reponse.content.decode()


def test_une_decision_se_confirme_sur_une_page_qui_en_dit_la_consequence_sans_rien_ecrire(
    client: Client, agent: object
) -> None:
    cpts = parcours.dossier_complet(agent, etape=Etape.LETTRE_INTENTION)
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:decider", args=[cpts.pk]),
        {"transition": "renvoyer_pre_projet", "date": "02/03/2026", "instance": "ecd", "motif": "Gouvernance floue."},
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Décision de l'instance « Espace de concertation départemental (ECD) », datée du 02/03/2026." in contenu
    assert (
        "passera de l'étape « Lettre d&#x27;intention (pré-projet déposé) » à l'étape « Dynamique (réflexion) »"
        in contenu
    )
    assert 'name="confirmation" value="on"' in contenu
    assert not cpts.decisions.filter(transition="renvoyer_pre_projet").exists()


def test_la_confirmation_d_un_abandon_annonce_que_le_dossier_sera_clos(
    client: Client, agent: object, cpts: Cpts
) -> None:
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:decider", args=[cpts.pk]),
        {"transition": "abandonner", "date": "02/03/2026", "instance": "ars", "motif": "Équipe dissoute."},
    )
    assert "Le dossier sera clos" in reponse.content.decode()
    assert "son territoire sera rendu" in reponse.content.decode()
    cpts.refresh_from_db()
    assert cpts.etape != Etape.ABANDONNE


def test_aucune_decision_n_est_choisie_d_avance_sur_la_fiche(client: Client, agent: object, cpts: Cpts) -> None:
    client.force_login(agent)
    formulaire = _contenu(client, reverse("dossiers:detail", args=[cpts.pk])).split('id="decision"')[1]
    premiere_option = formulaire.split("<option")[1]
    assert 'value=""' in premiere_option
    assert "Choisir une décision" in premiere_option
    reponse = client.post(
        reverse("dossiers:decider", args=[cpts.pk]),
        {"date": "02/03/2026", "instance": "ars", "confirmation": "on"},
        follow=True,
    )
    assert "Décision : Ce champ est obligatoire." in reponse.content.decode()
    assert not cpts.decisions.exclude(transition="enregistrer").exists()


def test_un_coordinateur_ne_peut_pas_poster_une_decision(client: Client, coordinateur: object, cpts: Cpts) -> None:
    client.force_login(coordinateur)
    reponse = client.post(reverse("dossiers:decider", args=[cpts.pk]), {"transition": "abandonner"})
    assert reponse.status_code == 403


def test_le_coordinateur_ne_voit_pas_les_notes_d_instruction(
    client: Client, agent: object, coordinateur: object, cpts: Cpts
) -> None:
    instruction.ecrire_note(cpts, "Avis réservé sur la gouvernance.", agent)
    client.force_login(coordinateur)
    contenu = _contenu(client, reverse("dossiers:detail", args=[cpts.pk]))
    assert "Avis réservé sur la gouvernance." not in contenu
    assert "Notes d&#x27;instruction" not in contenu
    client.force_login(agent)
    assert "Avis réservé sur la gouvernance." in _contenu(client, reverse("dossiers:detail", args=[cpts.pk]))


def test_le_coordinateur_ecrit_puis_depose_son_pre_projet(client: Client, coordinateur: object, cpts: Cpts) -> None:
    client.force_login(coordinateur)
    client.post(reverse("dossiers:nouveau_document", args=[cpts.pk, "pre_projet"]))
    document = cpts.documents.get()
    valeurs = factories.valeurs_pre_projet(date_depot_projet="01/12/2024", date_mise_en_oeuvre="01/03/2025")
    valeurs["budget_remuneration"] = "10000,00"
    reponse = client.post(
        reverse("dossiers:document", args=[cpts.pk, document.pk]),
        {**valeurs, "revision": document.revision, "deposer": ""},
    )
    assert reponse.status_code == 302
    cpts.refresh_from_db()
    depot = document.depots.get()
    assert (cpts.etape, depot.contenu["valeurs"]["budget_remuneration"]) == (Etape.LETTRE_INTENTION, "10000.00")


def test_un_depot_incomplet_garde_le_brouillon_et_dit_ce_qui_manque(
    client: Client, coordinateur: object, cpts: Cpts
) -> None:
    client.force_login(coordinateur)
    document = depots.document_unique(cpts, TypeDocument.PRE_PROJET)
    reponse = client.post(
        reverse("dossiers:document", args=[cpts.pk, document.pk]),
        {"communication": "Réunion publique.", "revision": document.revision, "deposer": ""},
        follow=True,
    )
    contenu = reponse.content.decode()
    assert "Le brouillon est enregistré, mais il ne peut pas encore être déposé" in contenu
    assert "(item 6) : à renseigner." in contenu
    document.refresh_from_db()
    assert document.brouillon["communication"] == "Réunion publique."
    assert not document.depots.exists()


def test_un_montant_negatif_est_refuse_en_nommant_le_champ(client: Client, coordinateur: object, cpts: Cpts) -> None:
    client.force_login(coordinateur)
    document = depots.document_unique(cpts, TypeDocument.PRE_PROJET)
    reponse = client.post(reverse("dossiers:document", args=[cpts.pk, document.pk]), {"budget_reunions": "-5"})
    assert "Charges — frais de réunion (location, repas…) : un montant ne peut pas être négatif." in (
        reponse.content.decode()
    )


def test_la_version_deposee_se_lit_en_page_et_en_pdf(client: Client, coordinateur: object, cpts: Cpts) -> None:
    depot = parcours.depot_direct(cpts, TypeDocument.FICHE_ACTION, factories.valeurs_fiche(), coordinateur)
    client.force_login(coordinateur)
    args = [cpts.pk, depot.document_id, depot.numero]
    assert "Description détaillée de l&#x27;action." in _contenu(client, reverse("dossiers:version", args=args))
    reponse = client.get(reverse("dossiers:version_pdf", args=args))
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")


def test_une_version_d_une_autre_cpts_est_refusee(client: Client, coordinateur: object) -> None:
    autre = factories.CptsFactory()
    depot = parcours.depot_direct(autre, TypeDocument.BUDGET, factories.valeurs_budget(), coordinateur)
    client.force_login(coordinateur)
    reponse = client.get(reverse("dossiers:version_pdf", args=[autre.pk, depot.document_id, 1]))
    assert reponse.status_code == 404


def test_l_import_des_membres_signale_ses_erreurs_par_ligne(client: Client, coordinateur: object, cpts: Cpts) -> None:
    client.force_login(coordinateur)
    fichier = SimpleUploadedFile("membres.csv", b"type;profession;nom\r\nprofessionnel;druide;Panoramix\r\n")
    reponse = client.post(reverse("dossiers:importer_membres", args=[cpts.pk]), {"fichier": fichier}, follow=True)
    assert "Ligne 2, profession : « druide » n&#x27;est pas dans la liste des professions." in reponse.content.decode()


def test_la_page_des_membres_compte_par_profession(client: Client, coordinateur: object, cpts: Cpts) -> None:
    client.force_login(coordinateur)
    contenu = _contenu(client, reverse("dossiers:membres", args=[cpts.pk]))
    assert "Médecin généraliste : 1" in contenu
    assert "1 structure" in contenu


def test_un_coordinateur_modifie_l_association_mais_pas_le_nom(
    client: Client, coordinateur: object, cpts: Cpts
) -> None:
    client.force_login(coordinateur)
    reponse = client.post(
        reverse("dossiers:modifier", args=[cpts.pk]),
        {
            "association_statut": "creee",
            "association_nom": "CPTS-ML",
            "siret": "782 830 157 00015",
            "nom": "Autre",
            "revision": cpts.revision,
        },
    )
    assert reponse.status_code == 302
    cpts.refresh_from_db()
    assert (cpts.nom, cpts.association_nom, cpts.siret) == ("Monts du Lyonnais", "CPTS-ML", "78283015700015")


def test_un_siret_faux_est_refuse_en_francais(client: Client, coordinateur: object, cpts: Cpts) -> None:
    client.force_login(coordinateur)
    reponse = client.post(
        reverse("dossiers:modifier", args=[cpts.pk]), {"association_statut": "creee", "siret": "78283015700016"}
    )
    assert "SIRET : la clé de contrôle de « 78283015700016 » est fausse" in reponse.content.decode()


def test_un_agent_inscrit_une_cpts_de_son_perimetre(client: Client, agent: object) -> None:
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:creer"),
        {
            "nom": "Pays de Tarare",
            "region": "84",
            "departement": "69",
            "autres_departements": "42",
            "dynamique_depuis": "01/09/2024",
            "association_statut": "non",
        },
    )
    cpts = Cpts.objects.get(nom="Pays de Tarare")
    assert reponse.url == reverse("dossiers:detail", args=[cpts.pk])
    assert cpts.departements == ["69", "42"]


def test_un_agent_n_inscrit_pas_une_cpts_hors_de_son_perimetre(client: Client, agent: object) -> None:
    client.force_login(agent)
    reponse = client.post(
        reverse("dossiers:creer"),
        {
            "nom": "Nantes",
            "region": "52",
            "departement": "44",
            "dynamique_depuis": "01/09/2024",
            "association_statut": "non",
        },
    )
    assert "Vous ne pouvez inscrire qu&#x27;une CPTS de votre périmètre" in reponse.content.decode()
    assert not Cpts.objects.filter(nom="Nantes").exists()


def test_un_coordinateur_n_ouvre_pas_le_formulaire_d_inscription(client: Client, coordinateur: object) -> None:
    client.force_login(coordinateur)
    assert client.get(reverse("dossiers:creer")).status_code == 403


def test_la_page_d_ajout_d_un_membre_montre_ses_cases_a_cocher(
    client: Client, coordinateur: object, cpts: Cpts
) -> None:
    client.force_login(coordinateur)
    contenu = _contenu(client, reverse("dossiers:ajouter_membre", args=[cpts.pk]))
    assert 'type="checkbox"' in contenu


def test_le_registre_se_filtre_par_etape_en_htmx(client: Client, agent: object, cpts: Cpts) -> None:
    factories.CptsFactory(nom="CPTS signée", signe=True)
    client.force_login(agent)
    reponse = client.get(reverse("dossiers:liste"), {"etape": "contrat_signe"}, HTTP_HX_REQUEST="true")
    contenu = reponse.content.decode()
    assert contenu.startswith('<div class="fr-table" id="tableau-cpts">')
    assert "CPTS signée" in contenu
    assert "Monts du Lyonnais" not in contenu


def test_le_registre_se_filtre_par_departement_couvert(client: Client, agent: object) -> None:
    factories.CptsFactory(nom="CPTS des deux rives", autres_departements=["42"])
    factories.CptsFactory(nom="CPTS iséroise", en_isere=True)
    client.force_login(agent)
    contenu = _contenu(client, reverse("dossiers:liste") + "?departement=42")
    assert "CPTS des deux rives" in contenu
    assert "CPTS iséroise" not in contenu


def test_le_registre_signale_les_validations_tacites_proches(client: Client, agent: object, cpts: Cpts) -> None:
    depot = timezone.localdate() - datetime.timedelta(days=50)
    Cpts.objects.filter(pk=cpts.pk).update(etape=Etape.PROJET_SANTE_DEPOSE, etape_depuis=depot)
    factories.CptsFactory(
        nom="CPTS tout juste déposée", etape=Etape.PROJET_SANTE_DEPOSE, etape_depuis=timezone.localdate()
    )
    client.force_login(agent)
    contenu = _contenu(client, reverse("dossiers:liste") + "?echeance=validation_proche")
    assert "Monts du Lyonnais" in contenu
    assert "CPTS tout juste déposée" not in contenu


def test_l_export_des_agents_contient_les_notes_d_instruction(
    client: Client, agent: object, coordinateur: object, cpts: Cpts
) -> None:
    instruction.ecrire_note(cpts, "=SOMME(A1) à surveiller", agent)
    client.force_login(agent)
    contenu = client.get(reverse("dossiers:export", args=["csv"])).content.decode("utf-8-sig")
    assert "Notes d'instruction" in contenu.splitlines()[0]
    assert "Bruno Agent : =SOMME(A1) à surveiller" in contenu
    client.force_login(coordinateur)
    contenu = client.get(reverse("dossiers:export", args=["csv"])).content.decode("utf-8-sig")
    assert "Notes d'instruction" not in contenu
    assert "Monts du Lyonnais" in contenu


def test_l_export_xlsx_du_registre_se_telecharge(client: Client, agent: object, cpts: Cpts) -> None:
    client.force_login(agent)
    reponse = client.get(reverse("dossiers:export", args=["xlsx"]))
    assert reponse["Content-Disposition"].endswith('.xlsx"')


def test_l_equipe_repond_a_une_demande_depuis_la_fiche(
    client: Client, agent: object, coordinateur: object, cpts: Cpts
) -> None:
    demande = instruction.demander_complement(cpts, agent, objet="Item 8", texte="Précisez les moyens.")
    client.force_login(coordinateur)
    client.post(
        reverse("dossiers:repondre", args=[cpts.pk, demande.pk]), {f"reponse-{demande.pk}-texte": "Une coordinatrice."}
    )
    contenu = _contenu(client, reverse("dossiers:detail", args=[cpts.pk]))
    assert "Une coordinatrice." in contenu
    assert "Réponse reçue" in contenu


def test_les_boutons_de_redaction_s_accordent_avec_chaque_document(
    client: Client, coordinateur: object, cpts: Cpts
) -> None:
    client.force_login(coordinateur)
    contenu = _contenu(client, reverse("dossiers:detail", args=[cpts.pk]))
    assert "Ajouter : budget prévisionnel" in contenu
    assert "Ajouter : fiche action" in contenu
    assert "Nouvelle budget" not in contenu
