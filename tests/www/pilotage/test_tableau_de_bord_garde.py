"""Le tableau de bord d'une région gardé par processus (`cpts.www.pilotage.tableau_de_bord.BlocRegion`) : relu, il
ne coûte que quelques requêtes ; après chaque sorte d'écriture qui change ce qu'il montre, et le jour suivant sans
aucune écriture, il est exactement la page qu'un calcul neuf donnerait."""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cpts.affichage import montant
from cpts.comptes.droits import voit_toute_la_region
from cpts.comptes.models import Utilisateur
from cpts.comptes.roles import Role
from cpts.contrats.etat import recalculer
from cpts.contrats.models import Annulation, Contrat
from cpts.dossiers.models import Cpts
from cpts.territoires.models import Region, VersionDeploiement
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, PaiementFactory
from tests.contrats.test_etat import ECRITURES
from tests.dossiers.factories import CptsFactory, DecisionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("communes")]

# Au jour des tests (16/11/2026), le contrat signé le 15/06/2022 est dans sa cinquième année.
VERSEMENT = datetime.date(2026, 10, 1)
# Relue, la page de l'agent ne lit que sa session, son compte, sa région, les versions des données et ses demandes.
REQUETES_ACCUEIL_RELU = 5
MONTANT = montant(Decimal("12345"))


def lue(client: Client, chemin: str = "/") -> str:
    reponse = client.get(chemin)
    assert reponse.status_code == 200
    # Le jeton CSRF du gabarit de base est masqué autrement à chaque réponse.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", reponse.content.decode())


def neuve(client: Client, chemin: str = "/") -> str:
    """La page calculée sans rien de gardé."""
    cache.clear()
    return lue(client, chemin)


def panneau(page: str, cle: str) -> str:
    debut = page.index(f'id="panneau-{cle}"')
    return page[debut : page.index("</section>", debut)]


@pytest.fixture
def agent() -> Utilisateur:
    return UtilisateurFactory(agent_ars_region=True)


@pytest.fixture
def client_agent(client: Client, agent: Utilisateur) -> Client:
    client.force_login(agent)
    return client


@pytest.fixture
def contrat() -> Contrat:
    contrat = ContratFactory()
    recalculer(Contrat.objects.filter(pk=contrat.pk), tous=True)
    return contrat


@pytest.mark.usefixtures("contrat")
def test_l_accueil_relu_coute_un_nombre_de_requetes_epingle_et_reste_la_page_calculee(client_agent: Client) -> None:
    premiere = neuve(client_agent)
    with CaptureQueriesContext(connection) as requetes:
        relue = lue(client_agent)
    assert len(requetes) == REQUETES_ACCUEIL_RELU
    assert relue == premiere
    assert "Région Auvergne-Rhône-Alpes, situation au 16/11/2026." in relue


def test_un_versement_enregistre_se_voit_a_l_affichage_suivant(client_agent: Client, contrat: Contrat) -> None:
    avant = lue(client_agent)
    PaiementFactory(contrat=contrat, date=VERSEMENT, montant="12345.00")
    apres = lue(client_agent)
    assert apres == neuve(client_agent) != avant
    assert MONTANT in panneau(apres, "paiements")


def test_un_versement_annule_disparait_des_paiements_a_l_affichage_suivant(
    client_agent: Client, contrat: Contrat
) -> None:
    paiement = PaiementFactory(contrat=contrat, date=VERSEMENT, montant="12345.00")
    avant = lue(client_agent)
    Annulation.objects.create(paiement=paiement, motif="Saisi deux fois.", annule_par=contrat.enregistre_par)
    apres = lue(client_agent)
    assert apres == neuve(client_agent) != avant
    assert MONTANT in panneau(avant, "paiements")
    assert MONTANT not in panneau(apres, "paiements")


@pytest.mark.usefixtures("contrat")
def test_un_contrat_signe_se_voit_a_l_affichage_suivant(client_agent: Client) -> None:
    avant = lue(client_agent)
    nouveau = ContratFactory(cpts__nom="CPTS signée après coup")
    apres = lue(client_agent)
    assert apres == neuve(client_agent) != avant
    assert nouveau.cpts.nom in panneau(apres, "contrats")


@pytest.mark.usefixtures("contrat")
def test_une_decision_d_etape_se_voit_a_l_affichage_suivant(client_agent: Client) -> None:
    avant = lue(client_agent)
    DecisionFactory(cpts=CptsFactory(nom="CPTS au pré-projet validé"), date=datetime.date(2026, 11, 2))
    apres = lue(client_agent)
    assert apres == neuve(client_agent) != avant
    assert "CPTS au pré-projet validé" in panneau(apres, "decisions")


@pytest.mark.parametrize("ecriture", ECRITURES.values(), ids=ECRITURES.keys())
def test_chaque_ecriture_qui_perime_l_etat_d_un_contrat_change_la_version_des_tableaux_gardes(
    contrat: Contrat, ecriture: Callable[[Contrat], None]
) -> None:
    """Les alertes gardées avec le tableau de bord se lisent dans l'état des contrats : tout ce qui le périme rend
    aussi caduc le tableau de bord (chaque écriture relue par la page : `test_etat.py`)."""
    versions = set(VersionDeploiement.objects.values_list("numero", flat=True))
    ecriture(contrat)
    assert set(VersionDeploiement.objects.values_list("numero", flat=True)).isdisjoint(versions)


def test_le_jour_suivant_sans_aucune_ecriture_la_page_est_celle_du_nouveau_jour(
    client_agent: Client, agent: Utilisateur, contrat: Contrat, horloge: Any
) -> None:
    avant = lue(client_agent)
    # L'anniversaire du 15/06/2027 approche : d'autres échéances et alertes, sans qu'aucune donnée ne change (la
    # session, expirée entre-temps, est rouverte).
    horloge.move_to(datetime.datetime(2027, 5, 20, 10, 0, tzinfo=datetime.UTC))
    client_agent.force_login(agent)
    apres = lue(client_agent)
    assert apres == neuve(client_agent)
    assert "situation au 20/05/2027" in apres
    assert panneau(apres, "alertes") != panneau(avant, "alertes")


def test_une_personne_qui_ne_voit_qu_un_departement_n_a_que_les_alertes_de_ses_cpts(
    client_agent: Client, contrat: Contrat
) -> None:
    iserois = ContratFactory(cpts=CptsFactory(en_isere=True, signe=True, nom="CPTS iséroise"))
    recalculer(Contrat.objects.filter(pk=iserois.pk), tous=True)
    assert "CPTS iséroise" in panneau(neuve(client_agent), "alertes")  # gardée pour toute la région
    rhodanien = Client()
    rhodanien.force_login(UtilisateurFactory(agent_cpam_departement=True))
    page = lue(rhodanien, "/pilotage/region/84/")
    assert contrat.cpts.nom in panneau(page, "alertes")
    assert "CPTS iséroise" not in panneau(page, "alertes")


def test_voir_toute_la_region_est_voir_chacune_de_ses_cpts() -> None:
    CptsFactory()
    CptsFactory(en_isere=True)
    CptsFactory(hors_region=True)
    region = set(Cpts.objects.filter(region="84").values_list("pk", flat=True))
    coordinateur = UtilisateurFactory(role=Role.COORDINATEUR)
    coordinateur.cpts.add(Cpts.objects.filter(region="84").first())
    personnes = [
        UtilisateurFactory(agent_ars_region=True),
        UtilisateurFactory(role=Role.AGENT_CPAM, region="84"),
        UtilisateurFactory(agent_cpam_departement=True),
        UtilisateurFactory(role=Role.AGENT_ARS, region="52"),
        UtilisateurFactory(role=Role.MEMBRE_CPR, region="84"),
        UtilisateurFactory(role=Role.LECTEUR_NATIONAL),
        UtilisateurFactory(is_superuser=True),
        UtilisateurFactory(role=Role.AGENT_ARS, region="84", is_active=False),
        coordinateur,
    ]
    assert Region.objects.filter(code="84").exists()
    decisions = {
        personne.username: (
            voit_toute_la_region(personne, "84"),
            region <= set(Cpts.objects.visibles_par(personne).values_list("pk", flat=True)),
        )
        for personne in personnes
    }
    assert all(garde == voit for garde, voit in decisions.values()), decisions
    assert sum(garde for garde, _ in decisions.values()) == 5
