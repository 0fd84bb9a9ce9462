"""Les pages de la CPR : ce que chaque rôle voit et peut faire, secret des votes compris."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cpts.commission.enums import EtatReunion
from cpts.commission.models import Commission, Reunion, Siege
from cpts.commission.services import deliberations, reunions, scrutins
from cpts.demo.commission import creer_commissions
from tests.commission.factories import CommissionFactory, PointFactory, ReunionFactory, composition_paritaire
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory
from tests.pdf import texte_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat() -> object:
    return UtilisateurFactory(role="agent_cpam", region="84", first_name="Sophie", last_name="Secrétariat")


@pytest.fixture
def aura() -> Commission:
    creer_commissions()
    return Commission.objects.get(region="84")


def contenu(client: Client, url: str, statut: int = 200) -> str:
    reponse = client.get(url)
    assert reponse.status_code == statut
    return reponse.content.decode()


def test_la_liste_montre_les_commissions_du_perimetre_seulement(client: Client, aura: Commission) -> None:
    client.force_login(UtilisateurFactory(membre_cpr=True))
    page = contenu(client, reverse("commission:liste"))
    assert "CPR CPTS Auvergne-Rhône-Alpes" in page
    assert "Pays de la Loire" not in page


def test_la_page_de_la_commission_montre_la_parite_et_les_controles_de_la_composition(
    client: Client, aura: Commission
) -> None:
    client.force_login(UtilisateurFactory())
    page = contenu(client, reverse("commission:commission", args=["84"]) + "?date=09/06/2021")
    assert "Parité des voix entre les sections" in page
    assert "34 voix professionnelles, 34 voix sociales" in page
    assert "27 voix au régime général" in page
    assert "Opticiens" in page


def test_la_page_de_la_commission_dit_quelle_section_preside_chaque_annee(client: Client, aura: Commission) -> None:
    client.force_login(UtilisateurFactory())
    page = contenu(client, reverse("commission:commission", args=["84"]))
    assert "<td>2021</td>\n              <td>Section sociale</td>" in page
    assert "<td>2022</td>\n              <td>Section professionnelle</td>" in page


def test_la_composition_montre_les_sieges_vacants_par_organisation(client: Client, aura: Commission) -> None:
    client.force_login(UtilisateurFactory())
    composition = aura.compositions.get()
    page = contenu(client, reverse("commission:composition", args=[composition.pk]))
    assert "UNSSF" in page
    assert "En attente de désignation" in page
    assert "CPAM 69" in page


def test_un_lecteur_ne_voit_pas_le_bouton_d_ajout_de_siege(client: Client, aura: Commission) -> None:
    client.force_login(UtilisateurFactory())
    page = contenu(client, reverse("commission:composition", args=[aura.compositions.get().pk]))
    assert "Ajouter un siège" not in page


def test_un_coordinateur_recoit_un_404_en_francais_sur_la_commission(client: Client, aura: Commission) -> None:
    client.force_login(UtilisateurFactory(cpts=[CptsFactory()]))
    page = contenu(client, reverse("commission:commission", args=["84"]), 404)
    assert "Page introuvable" in page


def test_le_secretariat_ajoute_un_siege_et_la_parite_se_rompt(
    client: Client, aura: Commission, secretariat: object
) -> None:
    client.force_login(secretariat)
    composition = aura.compositions.get()
    reponse = client.post(
        reverse("commission:ajouter_siege", args=[composition.pk]),
        {
            "section": "professionnelle",
            "organisation": "UD",
            "profession": "chirurgiens_dentistes",
            "voix": 1,
            "titulaire_designe": "on",
            "ordre": 99,
        },
    )
    assert reponse.status_code == 302
    page = contenu(client, reverse("commission:composition", args=[composition.pk]))
    assert "35 voix professionnelles, 34 voix sociales : 1 voix de plus en section professionnelle" in page


def test_la_verification_en_direct_recalcule_les_controles_sans_enregistrer(
    client: Client, aura: Commission, secretariat: object
) -> None:
    client.force_login(secretariat)
    composition = aura.compositions.get()
    siege = composition.sieges.get(organisation="DCGDR")
    reponse = client.post(
        reverse("commission:verifier_siege", args=[composition.pk]) + f"?siege={siege.pk}",
        {"section": "sociale", "organisation": "DCGDR", "regime": "rg", "qualite": "dcgdr", "voix": 2, "ordre": 1},
        headers={"HX-Request": "true"},
    )
    page = reponse.content.decode()
    assert "aperçu, non enregistré" in page
    assert "34 voix professionnelles, 35 voix sociales" in page
    siege.refresh_from_db()
    assert siege.voix == 1


def test_la_verification_en_direct_attend_le_choix_de_la_section(
    client: Client, aura: Commission, secretariat: object
) -> None:
    client.force_login(secretariat)
    composition = aura.compositions.get()
    reponse = client.post(
        reverse("commission:verifier_siege", args=[composition.pk]),
        {"organisation": "Nouvelle organisation"},
        headers={"HX-Request": "true"},
    )
    assert reponse.status_code == 200
    assert "aperçu, non enregistré" in reponse.content.decode()


def test_un_membre_ne_modifie_pas_la_composition(client: Client, aura: Commission) -> None:
    client.force_login(UtilisateurFactory(membre_cpr=True))
    contenu(client, reverse("commission:ajouter_siege", args=[aura.compositions.get().pk]), 403)


def test_le_secretariat_prepare_une_reunion_et_une_convocation_tardive_est_refusee(
    client: Client, aura: Commission, secretariat: object
) -> None:
    client.force_login(secretariat)
    reponse = client.post(
        reverse("commission:nouvelle_reunion", args=["84"]),
        {"date": "20/03/2026", "heure": "14:00", "mode": "visio", "lieu": "", "demandee_par": "section_sociale"},
    )
    reunion = Reunion.objects.get(date=date(2026, 3, 20))
    assert reponse.url == reverse("commission:reunion", args=[reunion.pk])
    reponse = client.post(
        reverse("commission:convoquer", args=[reunion.pk]), {"convocation-envoye_le": "10/03/2026"}, follow=True
    )
    assert "est tardif : il doit partir au moins 15 jours avant la réunion du 20/03/2026" in reponse.content.decode()
    client.post(reverse("commission:convoquer", args=[reunion.pk]), {"convocation-envoye_le": "05/03/2026"})
    reunion.refresh_from_db()
    assert reunion.etat == EtatReunion.CONVOQUEE


def test_une_reunion_urgente_sans_motif_est_refusee_par_le_formulaire(
    client: Client, aura: Commission, secretariat: object
) -> None:
    client.force_login(secretariat)
    reponse = client.post(
        reverse("commission:nouvelle_reunion", args=["84"]), {"date": "20/03/2026", "mode": "visio", "urgente": "on"}
    )
    assert "Une réunion urgente doit en donner le motif." in reponse.content.decode()


@pytest.fixture
def scrutin_clos(secretariat: object) -> object:
    commission = CommissionFactory()
    composition = composition_paritaire(commission)
    point = PointFactory(reunion=ReunionFactory(commission=commission, en_seance=True), intitule="Avis sur un contrat")
    deliberations.enregistrer_presences(
        point.reunion, {s.pk: ("titulaire", None) for s in deliberations.sieges_votants(point.reunion)}, secretariat
    )
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    for siege in composition.sieges.all():
        scrutins.voter(scrutin, siege, "pour", secretariat, pour_le_secretariat=True)
    scrutins.clore_scrutin(scrutin, secretariat)
    return scrutin


def test_un_membre_voit_le_detail_des_votes(client: Client, scrutin_clos: object) -> None:
    client.force_login(UtilisateurFactory(membre_cpr=True))
    page = contenu(client, reverse("commission:scrutin", args=[scrutin_clos.pk]))
    assert "CSMF — Médecins" in page
    assert "Adoptée" in page


def test_un_agent_ars_voit_le_resultat_mais_pas_le_detail_des_votes(client: Client, scrutin_clos: object) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    reunion = contenu(client, reverse("commission:reunion", args=[scrutin_clos.point.reunion_id]))
    assert "Adoptée — pour 8 voix, contre 0" in reunion
    assert "détail du vote" not in reunion
    page = contenu(client, reverse("commission:scrutin", args=[scrutin_clos.pk]), 403)
    assert "seuls les membres de la commission et son secrétariat voient le détail des votes" in page


def test_le_releve_de_decisions_donne_le_resultat_sans_les_votes_individuels(
    client: Client, scrutin_clos: object
) -> None:
    client.force_login(UtilisateurFactory())
    page = contenu(client, reverse("commission:releve", args=[scrutin_clos.point.reunion_id]))
    assert "Avis sur un contrat" in page
    assert "Adoptée" in page
    assert "CSMF" not in page


def test_le_releve_de_decisions_se_telecharge_en_pdf_avec_le_resultat_sans_les_votes_individuels(
    client: Client, scrutin_clos: object
) -> None:
    client.force_login(UtilisateurFactory())
    reponse = client.get(reverse("commission:releve_pdf", args=[scrutin_clos.point.reunion_id]))
    assert reponse["Content-Type"] == "application/pdf"
    texte = texte_pdf(reponse.content)
    assert f"Relevé de décisions — {scrutin_clos.point.reunion.commission.nom}" in texte
    assert f"{scrutin_clos.point.numero}. Avis sur un contrat" in texte
    assert "Tour 1 : Adoptée. Pour 8 voix, contre 0" in texte
    assert "Document de travail : le relevé n'est pas encore publié." in texte
    assert "CSMF" not in texte


def test_les_decisions_publiees_se_recherchent(client: Client, scrutin_clos: object, secretariat: object) -> None:
    point = scrutin_clos.point
    point.decision = "Avis favorable à l'avenant de la CPTS"
    point.save()
    reunions.lever_seance(point.reunion, secretariat)
    reunions.publier_releve(point.reunion, date(2026, 4, 1), secretariat)
    client.force_login(UtilisateurFactory())
    assert "Avis favorable" in contenu(client, reverse("commission:decisions") + "?q=avenant")
    assert "Avis favorable" not in contenu(client, reverse("commission:decisions") + "?q=fusion")


def test_un_membre_rattache_a_un_siege_vote_depuis_la_page_du_scrutin(client: Client, secretariat: object) -> None:
    commission = CommissionFactory()
    composition = composition_paritaire(commission)
    membre = UtilisateurFactory(membre_cpr=True)
    csmf = composition.sieges.get(organisation="CSMF")
    Siege.objects.filter(pk=csmf.pk).update(compte_titulaire=membre)
    point = PointFactory(reunion=ReunionFactory(commission=commission, en_seance=True))
    deliberations.enregistrer_presences(
        point.reunion, {s.pk: ("titulaire", None) for s in deliberations.sieges_votants(point.reunion)}, secretariat
    )
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    client.force_login(membre)
    assert "Votre vote pour le siège CSMF — Médecins" in contenu(
        client, reverse("commission:scrutin", args=[scrutin.pk])
    )
    client.post(reverse("commission:voter", args=[scrutin.pk]), {f"choix_{csmf.pk}": "contre"})
    bulletin = scrutin.bulletins.get()
    assert (bulletin.choix, bulletin.poids, bulletin.exprime_par) == ("contre", 1, "titulaire")


def test_la_navigation_propose_la_commission(client: Client) -> None:
    client.force_login(UtilisateurFactory())
    assert f'href="{reverse("commission:liste")}"' in contenu(client, reverse("accueil"))


def test_une_seance_reprise_de_son_support_sans_presences_n_affiche_pas_de_quorum_manquant(
    client: Client, aura: Commission, secretariat: object
) -> None:
    client.force_login(secretariat)
    page = contenu(client, reverse("commission:reunion", args=[aura.reunions.get().pk]))
    assert "Désignation des présidents de section" in page
    assert "Peut-on délibérer" not in page
    assert "Publié le" in page
