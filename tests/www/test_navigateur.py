"""De bout en bout, dans Chromium : ce qu'un utilisateur voit vraiment."""

import pytest

from cpts.demo.comptes import COMPTES, MOT_DE_PASSE_DEMO
from cpts.dossiers.models import Cpts
from cpts.www.accueil.views import TITRES
from tests.navigateur import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


@pytest.mark.usefixtures("demo_en_base")
@pytest.mark.parametrize("compte", COMPTES, ids=[compte.identifiant for compte in COMPTES])
def test_chaque_compte_de_demo_arrive_sur_l_accueil_de_son_role(
    page: object, live_server: object, compte: object
) -> None:
    se_connecter(page, live_server.url, compte.identifiant, MOT_DE_PASSE_DEMO)
    titre = page.get_by_role("heading", level=1)
    assert titre.inner_text() == TITRES[compte.role]


@pytest.mark.usefixtures("demo_en_base")
def test_un_coordinateur_voit_un_404_en_francais_sur_la_page_d_une_autre_cpts(
    page: object, live_server: object
) -> None:
    autre = Cpts.objects.get(nom="Grand Annecy")
    se_connecter(page, live_server.url, "coordination", MOT_DE_PASSE_DEMO)
    reponse = page.goto(f"{live_server.url}/cpts/{autre.pk}/")
    # Hors de son périmètre, la CPTS est introuvable, comme une CPTS qui n'existe pas.
    assert reponse.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    assert "Grand Annecy" not in page.content()
