"""L'accueil dit à chacun ce qui est attendu de lui maintenant, avec des noms ; le registre se trie, se pagine et se
filtre par noms pris au référentiel."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from cpts.dossiers import instruction
from cpts.dossiers.enums import Etape
from cpts.dossiers.models import Cpts
from cpts.dossiers.suivi import attendu
from cpts.territoires.models import Commune
from cpts.www.dossiers import registre_ecran
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories

pytestmark = pytest.mark.usefixtures("communes")


def _page(client: Client, url: str) -> str:
    reponse = client.get(url)
    assert reponse.status_code == 200
    return html.unescape(reponse.content.decode())


def test_l_accueil_du_coordinateur_met_la_demande_en_retard_en_premier(client: Client) -> None:
    cpts = factories.CptsFactory(nom="Monts du Lyonnais")
    agent = UtilisateurFactory(agent_ars_region=True)
    instruction.demander_complement(cpts, agent, objet="Budget", texte="Précisez.", echeance=datetime.date(2026, 12, 1))
    retard = instruction.demander_complement(cpts, agent, objet="Statuts", texte="Joignez-les.")
    type(retard).objects.filter(pk=retard.pk).update(echeance=datetime.date(2026, 11, 1))
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    contenu = _page(client, reverse("accueil"))
    section = contenu[contenu.index('id="a-faire"') : contenu.index('id="tableau-cpts"')]
    assert section.index("Répondre à la demande « Statuts »") < section.index("Répondre à la demande « Budget »")
    assert section.count("En retard") == 1


def test_l_accueil_de_l_agent_lui_dit_les_reponses_a_lire(client: Client) -> None:
    cpts = factories.CptsFactory(departement="69")
    agent = UtilisateurFactory(agent_cpam_departement=True)
    demande = instruction.demander_complement(cpts, agent, objet="Budget", texte="Précisez.")
    instruction.repondre(demande, "Voici.", UtilisateurFactory(cpts=[cpts]))
    client.force_login(agent)
    assert "Lire la réponse et lever la demande « Budget »" in _page(client, reverse("accueil"))


def test_l_agent_cpam_d_un_departement_arrive_sur_les_cpts_de_son_departement(client: Client) -> None:
    factories.CptsFactory(nom="CPTS du Rhône", departement="69")
    factories.CptsFactory(nom="CPTS de l'Isère", en_isere=True)
    client.force_login(UtilisateurFactory(agent_cpam_departement=True))
    contenu = _page(client, reverse("accueil"))
    assert "CPTS du Rhône" in contenu
    assert "CPTS de l'Isère" not in contenu


def test_les_listes_nomment_le_departement_et_la_region(client: Client) -> None:
    factories.CptsFactory(nom="Monts du Lyonnais", departement="69", region="84")
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = _page(client, reverse("dossiers:liste"))
    assert "<td>Auvergne-Rhône-Alpes</td>" in contenu
    assert "Rhône" in contenu[contenu.index("Monts du Lyonnais") :]


def test_le_departement_se_choisit_par_son_nom(client: Client) -> None:
    factories.CptsFactory(nom="Monts du Lyonnais", departement="69")
    factories.CptsFactory(nom="Vercors", en_isere=True)
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = _page(client, reverse("dossiers:liste") + "?departement=38")
    assert '<option value="69">Rhône (69)</option>' in contenu
    assert "Vercors" in contenu
    assert "Monts du Lyonnais" not in contenu


def test_un_filtre_qui_ne_trouve_rien_le_dit_sans_parler_du_perimetre(client: Client) -> None:
    factories.CptsFactory(departement="69")
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = _page(client, reverse("dossiers:liste") + "?etape=" + Etape.CONTRAT_SIGNE)
    assert "Aucune CPTS ne correspond à ces filtres." in contenu
    assert "Aucune CPTS dans votre périmètre" not in contenu


def test_le_registre_se_trie_et_se_pagine(client: Client) -> None:
    for nom in ("Aubrac", "Beaujolais", "Chartreuse"):
        factories.CptsFactory(nom=nom)
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = _page(client, reverse("dossiers:liste") + "?tri=-nom")
    assert contenu.index("Chartreuse") < contenu.index("Beaujolais") < contenu.index("Aubrac")


def test_au_dela_d_une_page_la_pagination_du_dsfr_apparait(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registre_ecran, "PAR_PAGE", 2)
    for nom in ("Aubrac", "Beaujolais", "Chartreuse"):
        factories.CptsFactory(nom=nom)
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = _page(client, reverse("dossiers:liste") + "?tri=nom&page=2")
    assert "Chartreuse" in contenu
    assert "Aubrac" not in contenu
    assert "fr-pagination" in contenu
    assert "3 CPTS, page 2 sur 2." in contenu


def test_un_deploiement_des_missions_echu_est_marque() -> None:
    cpts = factories.CptsFactory.build(etape=Etape.CONTRAT_SIGNE, etape_depuis=datetime.date(2021, 3, 1))
    assert attendu(cpts, datetime.date(2026, 11, 16)).niveau == "alerte"


def test_le_lien_vers_les_jetons_d_api_n_est_pas_dans_l_entete_du_coordinateur(client: Client) -> None:
    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    assert "Jetons d'API" not in _page(client, reverse("accueil"))
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    assert "Jetons d'API" in _page(client, reverse("dossiers:liste"))


def test_un_membre_structure_n_est_pas_marque_optionnel_pour_sa_categorie(client: Client) -> None:
    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = _page(client, reverse("dossiers:ajouter_membre", args=[cpts.pk]))
    libelle = contenu[contenu.index('for="id_recours"') : contenu.index("</label>", contenu.index('for="id_recours"'))]
    assert "Optionnel" not in libelle
    assert Cpts.objects.count() == 1


def test_l_accueil_de_l_agent_regional_dit_ce_qui_l_attend_et_range_les_listes_en_onglets(client: Client) -> None:
    cpts = factories.CptsFactory()
    agent = UtilisateurFactory(agent_ars_region=True)
    demande = instruction.demander_complement(cpts, agent, objet="Budget", texte="Précisez.")
    instruction.repondre(demande, "Voici.", UtilisateurFactory(cpts=[cpts]))
    client.force_login(agent)
    contenu = _page(client, reverse("accueil"))
    assert contenu.index("Lire la réponse et lever la demande « Budget »") < contenu.index('role="tablist"')
    assert re.findall(r'role="tab"[^>]*>([^<]+)</button>', contenu) == [
        "Contrats signés",
        "Paiements",
        "Alertes",
        "Décisions",
    ]


def test_la_fiche_nomme_departement_et_region(client: Client) -> None:
    cpts = factories.CptsFactory(departement="69", autres_departements=["42"], region="84")
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contenu = _page(client, reverse("dossiers:detail", args=[cpts.pk]))
    assert "départements Rhône (69), Loire (42), région Auvergne-Rhône-Alpes." in " ".join(contenu.split())


def test_la_commune_retiree_du_compositeur_est_annoncee_par_son_nom(client: Client) -> None:
    commune = Commune.objects.get(code=factories.COMMUNES_MONTS_DU_LYONNAIS[0])
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    client.post(reverse("territoires:ajouter"), {"code": commune.code})
    reponse = client.post(reverse("territoires:retirer"), {"code": commune.code}, headers={"HX-Request": "true"})
    assert f"{commune.nom} retirée de la composition." in html.unescape(reponse.content.decode())


def test_l_accueil_du_membre_de_la_cpr_lui_dit_le_scrutin_ou_il_vote(client: Client) -> None:
    from cpts.commission.models import Siege
    from cpts.commission.services import deliberations, scrutins
    from tests.commission.factories import CommissionFactory, PointFactory, ReunionFactory, composition_paritaire

    secretariat = UtilisateurFactory(role="agent_cpam", region="84")
    commission = CommissionFactory()
    composition = composition_paritaire(commission)
    membre = UtilisateurFactory(membre_cpr=True)
    Siege.objects.filter(pk=composition.sieges.get(organisation="CSMF").pk).update(compte_titulaire=membre)
    point = PointFactory(reunion=ReunionFactory(commission=commission, en_seance=True), intitule="Avenant des Monts")
    deliberations.enregistrer_presences(
        point.reunion, {s.pk: ("titulaire", None) for s in deliberations.sieges_votants(point.reunion)}, secretariat
    )
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    client.force_login(membre)
    contenu = _page(client, reverse("accueil"))
    assert (
        f'<a href="{reverse("commission:scrutin", args=[scrutin.pk])}">Voter sur le point « Avenant des Monts »</a>'
        in contenu
    )
    client.force_login(UtilisateurFactory(membre_cpr=True))
    assert "Voter sur le point" not in _page(client, reverse("accueil"))
