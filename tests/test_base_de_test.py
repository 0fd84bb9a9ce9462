"""La base des tests sur SQLite : le serveur des tests de bout en bout et le test lui-même ont chacun leurs connexions,
et aucun ne peut attendre un verrou de l'autre (voir `django_db_modify_db_settings` dans `tests/conftest.py`)."""

import threading

import pytest
from django.db import connection, connections, transaction
from pytest_django.live_server_helper import LiveServer

from cpts.comptes.models import Utilisateur
from tests.comptes.factories import UtilisateurFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="les verrous de SQLite"),
    pytest.mark.django_db(transaction=True),
]


def test_le_serveur_des_tests_de_bout_en_bout_ouvre_ses_propres_connexions() -> None:
    # Un serveur neuf, créé base de test prête : celui de la session a pu démarrer avant elle.
    serveur = LiveServer("localhost", start=False)
    assert serveur.thread.connections_override == {}


def test_une_lecture_dans_un_autre_fil_n_attend_pas_une_ecriture_en_cours() -> None:
    UtilisateurFactory(username="enregistre")
    lu: list[object] = []

    def lire() -> None:
        try:
            # `date_joined__year` passe par une fonction Python dans SQLite, comme les paiements du tableau de bord.
            lignes = Utilisateur.objects.order_by("username").values_list("username", "date_joined__year")
            lu.extend(nom for nom, _annee in lignes)
        except Exception as erreur:  # « database table is locked » avec la base en mémoire partagée
            lu.append(erreur)
        finally:
            connections.close_all()

    with transaction.atomic():
        UtilisateurFactory(username="en-cours")
        lecteur = threading.Thread(target=lire)
        lecteur.start()
        lecteur.join(timeout=10)
        assert not lecteur.is_alive()
    assert lu == ["enregistre"]
