"""Les courriels d'un dossier partent pour de vrai (serveur SMTP sur la boucle locale) : la demande de complément et
la décision à l'équipe projet, la réponse aux agents qui instruisent ; le journal se lit sur la page du dossier."""

import datetime
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from cpts.dossiers import etapes, instruction
from cpts.dossiers.enums import Instance, TransitionEtape
from cpts.notifications.enums import StatutCourriel, TypeCourriel
from cpts.notifications.models import Courriel
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cpts() -> object:
    return CptsFactory(nom="CPTS des Monts du Lyonnais")


@pytest.fixture
def coordinatrice(cpts: object) -> object:
    return UtilisateurFactory(cpts=[cpts], first_name="Inès", last_name="Coordination", email="ines@exemple.fr")


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_cpam_departement=True, email="agent.cpam@exemple.fr")


def texte(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_une_demande_de_complement_part_a_l_equipe_projet_avec_un_lien_vers_le_dossier(
    smtp: object, travailleur: object, client: Client, cpts: object, coordinatrice: object, agent: object
) -> None:
    instruction.demander_complement(
        cpts, agent, objet="Budget", texte="Détaillez les frais de coordination.", echeance=datetime.date(2099, 1, 31)
    )
    travailleur.tour()
    (message,) = smtp.pour("ines@exemple.fr")
    assert str(message["Subject"]).strip() == "CPTS des Monts du Lyonnais : demande de complément « Budget »"
    corps = texte(message)
    assert "Détaillez les frais de coordination." in corps
    assert "Réponse attendue avant le 31/01/2099." in corps
    assert smtp.pour("agent.cpam@exemple.fr") == []  # l'auteur n'est pas prévenu de sa propre demande
    lien = next(mot for mot in corps.split() if "/cpts/" in mot)
    client.force_login(coordinatrice)
    assert client.get(urlsplit(lien).path).status_code == 200


def test_la_reponse_de_l_equipe_part_aux_agents_dont_le_perimetre_couvre_la_cpts(
    smtp: object, travailleur: object, cpts: object, coordinatrice: object, agent: object
) -> None:
    agent_region = UtilisateurFactory(agent_ars_region=True, email="agent.ars@exemple.fr")
    UtilisateurFactory(role="agent_ars", region="52", email="hors.perimetre@exemple.fr")
    demande = instruction.demander_complement(cpts, agent, objet="Budget", texte="Détaillez.")
    instruction.repondre(demande, "Voici le budget détaillé.", coordinatrice)
    travailleur.tour()
    for adresse in ("agent.cpam@exemple.fr", agent_region.email):
        (message,) = smtp.pour(adresse)
        assert "a répondu à la demande « Budget »" in texte(message)
        assert "Voici le budget détaillé." in texte(message)
    assert smtp.pour("hors.perimetre@exemple.fr") == []


def test_une_decision_d_etape_part_a_l_equipe_et_le_journal_se_lit_sur_la_page_du_dossier(
    smtp: object, travailleur: object, client: Client, cpts: object, coordinatrice: object, agent: object
) -> None:
    etapes.franchir(cpts, TransitionEtape.ABANDONNER, agent, instance=Instance.ARS, motif="Projet repris ailleurs.")
    travailleur.tour()
    (message,) = smtp.pour("ines@exemple.fr")
    assert "Motif : Projet repris ailleurs." in texte(message)
    courriel = Courriel.objects.get(type=TypeCourriel.DECISION_ENREGISTREE)
    assert courriel.statut == StatutCourriel.ENVOYE
    client.force_login(agent)
    page = client.get(reverse("dossiers:detail", args=[cpts.pk])).content.decode()
    assert "Courriels envoyés" in page
    assert "Inès Coordination" in page
    client.force_login(coordinatrice)
    assert "Courriels envoyés" not in client.get(reverse("dossiers:detail", args=[cpts.pk])).content.decode()
