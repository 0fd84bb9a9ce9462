"""Les pages que les agents ouvrent chaque jour coûtent le même nombre de requêtes SQL pour un contrat ou pour
plusieurs : aucune requête par ligne affichée (le banc d'essai mesure leur durée à l'échelle nationale)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cpts.contrats.alertes import alertes_du_contrat
from cpts.contrats.enums import TypeAlerte
from cpts.contrats.models import Contrat
from cpts.dossiers.enums import TypeDocument
from cpts.regles.dates import anniversaire
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, IndicateurFactory, PaiementFactory
from tests.dossiers.factories import DecisionFactory, DocumentFactory

pytestmark = pytest.mark.django_db

PAGES = ["accueil", "contrats:liste", "contrats:alertes", "contrats:versements"]
FIN_PROCHE = datetime.date(2021, 12, 1)
SIGNATURE_SUIVANTE = datetime.date(2023, 6, 15)


def requetes(client: Client, chemin: str) -> int:
    client.get(chemin)  # premier affichage : caches de processus (référentiel, menu)
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(chemin).status_code == 200
    return len(contexte)


@pytest.mark.parametrize("page", PAGES)
def test_une_page_du_quotidien_coute_autant_de_requetes_pour_un_ou_quatre_contrats(client: Client, page: str) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    chemin = reverse(page)
    ContratFactory()
    un = requetes(client, chemin)
    ContratFactory.create_batch(3)
    assert requetes(client, chemin) == un


def contrat_qui_prend_fin() -> Contrat:
    """Un contrat avec un versement, un indicateur, sa cible et sa valeur : tout ce que les listes lisent."""
    contrat = ContratFactory(signature=FIN_PROCHE)
    PaiementFactory(contrat=contrat, date=FIN_PROCHE)
    IndicateurFactory(contrat=contrat, cibles={1: 3}, valeurs={1: 2})
    return contrat


@pytest.mark.parametrize("page", ["accueil", "contrats:alertes", "contrats:versements"])
def test_une_page_du_quotidien_coute_autant_de_requetes_pour_un_ou_quatre_contrats_qui_prennent_fin(
    client: Client, page: str
) -> None:
    # Signés le 01/12/2021, ils prennent fin le 01/12/2026 : l'alerte de renouvellement paraît (horizon de six mois),
    # et chaque contrat demande s'il a déjà été renouvelé.
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    chemin = reverse(page)
    contrat = contrat_qui_prend_fin()
    assert TypeAlerte.FIN in {alerte.type for alerte in alertes_du_contrat(contrat, timezone.localdate())}
    un = requetes(client, chemin)
    for _ in range(3):
        contrat_qui_prend_fin()
    assert requetes(client, chemin) == un


def test_la_fiche_d_une_cpts_coute_autant_de_requetes_pour_un_ou_trois_contrats_decisions_et_documents(
    client: Client,
) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contrat = ContratFactory()
    chemin = reverse("dossiers:detail", args=[contrat.cpts.pk])
    DecisionFactory(cpts=contrat.cpts)
    DocumentFactory(cpts=contrat.cpts)
    un = requetes(client, chemin)
    for renouvellement in (contrat.fin, anniversaire(contrat.fin, 5)):
        ContratFactory(cpts=contrat.cpts, signature=renouvellement)
    DecisionFactory.create_batch(2, cpts=contrat.cpts)
    DocumentFactory.create_batch(2, cpts=contrat.cpts, type=TypeDocument.FICHE_ACTION)
    assert requetes(client, chemin) == un


def test_l_echeancier_d_un_contrat_coute_autant_de_requetes_pour_un_ou_quatre_versements(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contrat = ContratFactory()
    chemin = reverse("contrats:echeancier", args=[contrat.pk])
    PaiementFactory(contrat=contrat)
    un = requetes(client, chemin)
    for annee in (2, 3, 4):
        PaiementFactory(contrat=contrat, annee=annee, date=SIGNATURE_SUIVANTE)
    assert requetes(client, chemin) == un


def test_la_fiche_d_un_contrat_coute_autant_de_requetes_pour_un_ou_quatre_versements_et_contrats(
    client: Client,
) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contrat = contrat_qui_prend_fin()
    chemin = reverse("contrats:detail", args=[contrat.pk])
    un = requetes(client, chemin)
    for annee in (2, 3, 4):
        PaiementFactory(contrat=contrat, annee=annee, date=SIGNATURE_SUIVANTE)
    ContratFactory(cpts=contrat.cpts, signature=contrat.fin)
    IndicateurFactory(contrat=contrat, cibles={1: 3, 2: 4}, valeurs={1: 2})
    assert requetes(client, chemin) == un


# Le nombre exact de requêtes des deux pages d'un seul objet, épinglé : une requête de plus se voit ici avant le banc.
# Fiche : session et compte, la CPTS (lue et contrôlée ensemble), ses documents et leurs dépôts, son historique, ses
# lieux, le territoire, les contrôles (conflits, membres lus une fois ; dépôts et territoire repris de la fiche), les
# décisions (la dernière se rectifie-t-elle ?), les demandes, les contrats, les CPTS absorbantes, les notes et les
# courriels ; droits de la page (instruire, modifier, voir les comptes, décisions possibles) sans requête : la CPTS
# vient d'être contrôlée.
REQUETES_FICHE = 16
# Échéancier : session et compte, le contrat (lu et contrôlé ensemble, avec les avertissements de son état gardé
# valide), les lignes de cet état, son journal de versements ; droits sans requête. Ni termes, ni indicateurs, ni
# dialogues : l'état gardé les a déjà lus.
REQUETES_ECHEANCIER = 5
# Fiche du contrat : session et compte, le contrat (lu et contrôlé avec les avertissements de son état gardé), les
# lignes et les alertes du jour de cet état, ses missions, ses avenants, ses options, son historique et les contrats
# successifs de sa CPTS. Ni indicateurs, ni dialogues, ni versements : l'état gardé les a déjà lus.
REQUETES_CONTRAT = 10


def test_la_fiche_d_une_cpts_sous_contrat_coute_un_nombre_de_requetes_epingle(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contrat = contrat_qui_prend_fin()
    DecisionFactory(cpts=contrat.cpts)
    DocumentFactory(cpts=contrat.cpts)
    assert requetes(client, reverse("dossiers:detail", args=[contrat.cpts.pk])) == REQUETES_FICHE


def test_l_echeancier_d_un_contrat_coute_un_nombre_de_requetes_epingle(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contrat = contrat_qui_prend_fin()
    assert requetes(client, reverse("contrats:echeancier", args=[contrat.pk])) == REQUETES_ECHEANCIER


def test_la_fiche_d_un_contrat_coute_un_nombre_de_requetes_epingle(client: Client) -> None:
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    contrat = contrat_qui_prend_fin()
    assert requetes(client, reverse("contrats:detail", args=[contrat.pk])) == REQUETES_CONTRAT
