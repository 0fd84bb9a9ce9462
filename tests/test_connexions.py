"""Le contrôle de fin de suite sur PostgreSQL (`tests/connexions.py`) : une connexion qu'un fil laisse ouverte sur la
base de test est nommée par le test, le fil et la ligne de code qui l'ont ouverte, puis fermée."""

import threading

import pytest
from django.db import connection, connections

from cpts.comptes.models import Utilisateur
from tests.connexions import sessions_restees

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="les sessions de PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_une_connexion_laissee_ouverte_par_un_fil_est_nommee_avec_son_test_son_fil_et_son_code() -> None:
    ouverte, fin = threading.Event(), threading.Event()

    def oublier_sa_connexion() -> None:
        try:
            Utilisateur.objects.count()
            ouverte.set()
            fin.wait(timeout=30)
        finally:
            connections.close_all()

    fil = threading.Thread(target=oublier_sa_connexion, name="fil-oublieux")
    fil.start()
    try:
        assert ouverte.wait(timeout=30)
        restees = sessions_restees(connection, delai=0)
    finally:
        fin.set()
        fil.join(timeout=30)
    oubliee = [session for session in restees if "fil « fil-oublieux »" in session]
    assert len(oubliee) == 1
    assert "test_une_connexion_laissee_ouverte_par_un_fil" in oubliee[0]
    assert "Utilisateur.objects.count()" in oubliee[0]
    assert 'SELECT COUNT(*) AS "__count" FROM "comptes_utilisateur"' in oubliee[0]
