"""La liste des jetons d'un compte, lue par une requête préparée à chaque affichage de la page des jetons."""

from datetime import UTC, datetime

import pytest
import time_machine

from cpts.comptes import jetons
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_les_jetons_d_un_compte_sont_les_siens_du_plus_recent_au_plus_ancien_revoques_compris() -> None:
    titulaire, autre = UtilisateurFactory(), UtilisateurFactory()
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False):
        ancien, _ = jetons.creer(titulaire, "ancien")
        jetons.creer(autre, "d'un autre")
    with time_machine.travel(datetime(2026, 6, 1, 9, tzinfo=UTC), tick=False):
        recent, _ = jetons.creer(titulaire, "récent")
        jetons.revoquer(titulaire, ancien.pk)
    lus = jetons.du_compte(titulaire)
    assert [(jeton.pk, jeton.nom) for jeton in lus] == [(recent.pk, "récent"), (ancien.pk, "ancien")]
    assert lus[0].cree_le == datetime(2026, 6, 1, 9, tzinfo=UTC)
    assert lus[1].revoque_le == datetime(2026, 6, 1, 9, tzinfo=UTC)
    assert jetons.du_compte(UtilisateurFactory()) == []
