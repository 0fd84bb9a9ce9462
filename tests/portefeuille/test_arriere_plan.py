"""L'import en arrière-plan : son avancement n'est lisible que par le compte qui l'a lancé, et une page sans htmx
mène aussi au rapport."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from cpts.portefeuille import arriere_plan
from tests.comptes.factories import UtilisateurFactory
from tests.portefeuille.test_import import EXEMPLE, fichier

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("communes")]


def _attendre(jeton: str, auteur: object) -> dict:
    for _ in range(300):
        etat = arriere_plan.etat(jeton, auteur)
        if etat and etat["fini"]:
            return etat
        time.sleep(0.1)
    raise AssertionError("l'import en arrière-plan n'a pas fini")


def test_l_essai_en_arriere_plan_rend_le_meme_rapport_et_n_ecrit_rien(settings: object, tmp_path: object) -> None:
    settings.DATA_DIR = tmp_path
    agent = UtilisateurFactory(agent_ars_region=True)
    jeton = arriere_plan.lancer("portefeuille-84.csv", fichier(EXEMPLE), "84", agent, essai=True)
    etat = _attendre(jeton, agent)
    assert (etat["faites"], etat["total"]) == (1, 1)
    assert arriere_plan.rapport_de(etat).bilan.startswith("1 lignes : 1 créée")


def test_l_avancement_d_un_import_est_introuvable_pour_un_autre_agent(
    client: Client, settings: object, tmp_path: object
) -> None:
    settings.DATA_DIR = tmp_path
    agent = UtilisateurFactory(agent_ars_region=True)
    jeton = arriere_plan.lancer("portefeuille-84.csv", fichier(EXEMPLE), "84", agent, essai=True)
    _attendre(jeton, agent)
    client.force_login(UtilisateurFactory(agent_ars_region=True))
    assert client.get(reverse("portefeuille:progression", kwargs={"jeton": jeton})).status_code == 404
    client.force_login(agent)
    reponse = client.get(reverse("portefeuille:progression", kwargs={"jeton": jeton}))
    assert reponse.url == reverse("portefeuille:rapport", kwargs={"jeton": jeton})
