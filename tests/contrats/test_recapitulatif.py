"""Le récapitulatif hebdomadaire des contrats : programmé par le travailleur le lundi à 7 h (heure de Paris), une
fois par semaine et par agent, avec les alertes de son périmètre ; reçu par un vrai serveur SMTP."""

import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cpts.contrats.recapitulatif import RECAPITULATIF_HEBDOMADAIRE
from cpts.notifications.travailleur import Travailleur
from tests.comptes.factories import UtilisateurFactory
from tests.contrats.factories import ContratFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
LUNDI = datetime.datetime(2023, 1, 9, 7, 0, tzinfo=PARIS)


@pytest.fixture
def travailleur() -> Travailleur:
    return Travailleur(intervalle=0.1, periodiques=[RECAPITULATIF_HEBDOMADAIRE])


@pytest.fixture
def agent() -> object:
    ContratFactory(missions=dict.fromkeys(["acces", "parcours", "prevention", "crise"]))
    return UtilisateurFactory(agent_cpam_departement=True, email="suivi.cpam@exemple.fr")


def texte(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_le_recapitulatif_part_le_lundi_a_sept_heures_et_pas_avant(
    smtp: object, travailleur: Travailleur, agent: object
) -> None:
    travailleur.tour(LUNDI - datetime.timedelta(minutes=1))
    assert smtp.pour("suivi.cpam@exemple.fr") == []
    travailleur.tour(LUNDI)
    (message,) = smtp.pour("suivi.cpam@exemple.fr")
    assert "semaine du 09/01/2023" in str(message["Subject"])
    corps = texte(message)
    assert "En retard :" in corps
    assert "Mission Accès aux soins : démarrage attendu au plus tard le 15/12/2022, date dépassée." in corps


def test_le_recapitulatif_ne_part_qu_une_fois_par_semaine(
    smtp: object, travailleur: Travailleur, agent: object
) -> None:
    travailleur.tour(LUNDI)
    travailleur.tour(LUNDI + datetime.timedelta(days=2))
    assert len(smtp.pour("suivi.cpam@exemple.fr")) == 1
    travailleur.tour(LUNDI + datetime.timedelta(days=7))
    assert len(smtp.pour("suivi.cpam@exemple.fr")) == 2


def test_un_agent_sans_contrat_dans_son_perimetre_ne_recoit_rien(
    smtp: object, travailleur: Travailleur, agent: object
) -> None:
    UtilisateurFactory(role="agent_ars", region="52", email="pays.de.la.loire@exemple.fr")
    travailleur.tour(LUNDI)
    assert smtp.pour("pays.de.la.loire@exemple.fr") == []


def test_un_long_recapitulatif_renvoie_a_la_page_des_alertes(
    smtp: object, travailleur: Travailleur, agent: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cpts.contrats import recapitulatif

    monkeypatch.setattr(recapitulatif, "LIGNES_MAXIMUM", 1)
    travailleur.tour(LUNDI)
    corps = texte(smtp.pour("suivi.cpam@exemple.fr")[0])
    assert "autre(s) échéance(s) : voir la page des alertes." in corps
    assert corps.count("\n- ") == 1


def test_l_agent_voit_ses_recapitulatifs_et_leur_sort_sur_la_page_des_alertes(
    smtp: object, travailleur: Travailleur, agent: object, client: object
) -> None:
    smtp.arreter()
    travailleur.tour(LUNDI)
    client.force_login(agent)
    page = client.get(reverse("contrats:alertes")).content.decode()
    assert "Récapitulatif hebdomadaire des contrats" in page
    assert "Échec, nouvel essai prévu" in page
