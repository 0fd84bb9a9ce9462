"""Deux personnes enregistrent la même fiche (ou le même brouillon) au même moment, depuis la même révision lue :
exactement une réussit, en entier ; l'autre reçoit le conflit et rien d'elle n'est écrit (PostgreSQL, deux
connexions).

Sur SQLite, la base n'écrit qu'une transaction à la fois : le cas ne se pose pas, le test est sauté."""

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.dossiers.models import Document
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories
from tests.simultane import en_meme_temps

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # La fiche vérifie sa région au référentiel, que le test transactionnel a vidé : on le recharge.
    pytest.mark.usefixtures("communes"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="la concurrence se vérifie sur PostgreSQL"),
]

REVISION_LUE = re.compile(r'<input type="hidden" name="revision" value="(\d+)"')


def test_deux_personnes_qui_enregistrent_la_meme_fiche_en_meme_temps_une_seule_est_enregistree() -> None:
    cpts = factories.CptsFactory(avec_association=True)
    url = reverse("dossiers:modifier", args=[cpts.pk])
    changements = [
        {"association_nom": "Association de David", "contact_nom": "David", "contact_telephone": "04 78 11 11 11"},
        {"association_nom": "Association de Camille", "contact_nom": "Camille", "contact_telephone": "04 78 22 22 22"},
    ]
    clients = []
    for _ in changements:
        client = Client()
        client.force_login(UtilisateurFactory(cpts=[cpts]))
        clients.append(client)
    versions_avant = cpts.historique.count()

    def enregistrer(rang: int) -> Callable[[Callable[[], object]], int]:
        def lire_puis_enregistrer(signal: Callable[[], object]) -> int:
            revision = REVISION_LUE.search(clients[rang].get(url).content.decode()).group(1)
            signal()
            donnees = {"association_statut": "creee", **changements[rang], "revision": revision}
            return clients[rang].post(url, donnees).status_code

        return lire_puis_enregistrer

    statuts = en_meme_temps(enregistrer(0), enregistrer(1))

    assert sorted(statuts) == [302, 409]
    gagnant = changements[statuts.index(302)]
    cpts.refresh_from_db()
    assert {champ: getattr(cpts, champ) for champ in gagnant} == gagnant
    assert (cpts.revision, cpts.historique.count()) == (2, versions_avant + 1)


def test_deux_clients_de_l_api_qui_enregistrent_le_meme_brouillon_en_meme_temps_un_seul_est_enregistre() -> None:
    cpts = factories.CptsFactory()
    document = Document.objects.create(cpts=cpts, type="fiche_action")
    url = f"/cpts/{cpts.pk}/documents/{document.pk}/brouillon"
    client = TestClient(api)
    auteurs = [UtilisateurFactory(cpts=[cpts]) for _ in range(2)]
    valeurs = [factories.valeurs_fiche("prevention"), factories.valeurs_fiche("parcours")]
    reponses: list[dict] = [{}, {}]

    def enregistrer(rang: int) -> Callable[[Callable[[], object]], int]:
        def lire_puis_enregistrer(signal: Callable[[], object]) -> int:
            (lu,) = client.get(f"/cpts/{cpts.pk}/documents", user=auteurs[rang]).json()
            signal()
            reponse = client.put(url, json={"valeurs": valeurs[rang], "revision": lu["revision"]}, user=auteurs[rang])
            reponses[rang] = reponse.json()
            return reponse.status_code

        return lire_puis_enregistrer

    statuts = en_meme_temps(enregistrer(0), enregistrer(1))

    assert sorted(statuts) == [200, 409]
    gagnant, perdant = statuts.index(200), statuts.index(409)
    assert reponses[perdant]["code"] == "conflit"
    document.refresh_from_db()
    assert (document.titre, document.brouillon["mission"]) == (
        valeurs[gagnant]["intitule"],
        valeurs[gagnant]["mission"],
    )
    assert (document.revision, document.historique.count()) == (2, 2)
