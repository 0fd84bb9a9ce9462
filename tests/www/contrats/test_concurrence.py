"""Un indicateur et un dialogue de gestion modifiés depuis une page périmée : conflit, saisie gardée, rien d'écrit."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cpts.contrats.models import Contrat, DialogueGestion, Indicateur
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory, DialogueFactory, IndicateurFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fichiers_temporaires")]


@pytest.fixture
def contrat() -> Contrat:
    return ContratFactory()


@pytest.fixture
def agent(client: Client) -> object:
    agent = UtilisateurFactory(agent_cpam_departement=True)
    client.force_login(agent)
    return agent


@pytest.fixture
def collegue() -> object:
    return UtilisateurFactory(agent_ars_region=True, first_name="Camille", last_name="Martin")


def _enregistrer_par(auteur: object, objet: Indicateur | DialogueGestion, **champs: object) -> None:
    autre = type(objet).objects.get(pk=objet.pk)
    for champ, valeur in champs.items():
        setattr(autre, champ, valeur)
    autre._history_user = auteur
    autre.save()


def _indicateur(indicateur: Indicateur, **champs: object) -> dict[str, object]:
    return {
        "mission": indicateur.mission,
        "libelle": indicateur.libelle,
        "definition": indicateur.definition,
        "source": indicateur.source,
        "sens": indicateur.sens,
        "reference": "0",
        "poids": "1",
        **champs,
    }


@pytest.mark.usefixtures("agent")
def test_un_indicateur_a_jour_s_enregistre_avec_ses_cibles(client: Client, contrat: Contrat) -> None:
    indicateur = IndicateurFactory(contrat=contrat)
    url = reverse("contrats:indicateur", args=[indicateur.pk])
    assert '<input type="hidden" name="revision" value="1"' in client.get(url).content.decode()
    reponse = client.post(url, _indicateur(indicateur, poids="2", cible_1="10", revision=1))
    assert reponse.status_code == 302
    indicateur.refresh_from_db()
    assert (indicateur.poids, indicateur.revision) == (Decimal(2), 2)
    assert list(indicateur.cibles.values_list("annee", "valeur")) == [(1, Decimal(10))]


@pytest.mark.usefixtures("agent")
def test_un_indicateur_modifie_entre_temps_ne_change_ni_lui_ni_ses_cibles(
    client: Client, contrat: Contrat, collegue: object
) -> None:
    indicateur = IndicateurFactory(contrat=contrat)
    _enregistrer_par(collegue, indicateur, source="SNDS")
    reponse = client.post(
        reverse("contrats:indicateur", args=[indicateur.pk]),
        _indicateur(indicateur, source="Tableau de bord revu", cible_1="10", revision=1),
    )
    page = reponse.content.decode()
    assert reponse.status_code == 409
    assert "Cet indicateur a été modifié par Camille Martin le " in page
    assert "Modifié entre-temps : source des données" in page
    assert 'value="Tableau de bord revu"' in page
    indicateur.refresh_from_db()
    assert (indicateur.source, indicateur.revision, indicateur.cibles.count()) == ("SNDS", 2, 0)


@pytest.mark.usefixtures("agent")
def test_un_dialogue_de_gestion_modifie_entre_temps_n_est_pas_ecrase(
    client: Client, contrat: Contrat, collegue: object
) -> None:
    dialogue = DialogueFactory(contrat=contrat)
    _enregistrer_par(collegue, dialogue, decisions="Avenant à prévoir.")
    reponse = client.post(
        reverse("contrats:dialogue", args=[dialogue.pk]),
        {"annee": "1", "date": "03/07/2023", "participants": "CPTS, CPAM", "decisions": "Rien", "revision": 1},
    )
    assert reponse.status_code == 409
    assert "Ce dialogue de gestion a été modifié par Camille Martin le " in reponse.content.decode()
    dialogue.refresh_from_db()
    assert (dialogue.participants, dialogue.decisions) == (DialogueFactory.participants, "Avenant à prévoir.")


def test_l_api_rend_la_revision_des_indicateurs_et_des_dialogues(contrat: Contrat) -> None:
    from ninja.testing import TestClient

    from cpts.api.app import api

    IndicateurFactory(contrat=contrat).save()
    DialogueFactory(contrat=contrat)
    client = TestClient(api)
    agent = UtilisateurFactory(agent_cpam_departement=True)
    (indicateur,) = client.get(f"/contrats/{contrat.pk}/indicateurs", user=agent).json()
    (dialogue,) = client.get(f"/contrats/{contrat.pk}/dialogues", user=agent).json()
    assert (indicateur["revision"], dialogue["revision"]) == (2, 1)
