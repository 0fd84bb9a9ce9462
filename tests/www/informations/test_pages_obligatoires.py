import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PIED_DE_PAGE = {
    "/accessibilite/": "Accessibilité : non conforme",
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles et cookies",
}


@pytest.mark.parametrize(("adresse", "lien"), PIED_DE_PAGE.items())
def test_le_pied_de_chaque_page_mene_aux_pages_obligatoires(client: Client, adresse: str, lien: str) -> None:
    pied = client.get("/").content.decode().split('id="pied-de-page"')[1]
    assert f'href="{adresse}"' in pied
    assert lien in pied
    assert client.get(adresse).status_code == 200


def test_le_pied_de_page_ouvre_les_parametres_d_affichage(client: Client) -> None:
    page = client.get("/").content.decode()
    assert 'aria-controls="fr-theme-modal"' in page
    assert 'id="fr-theme-modal"' in page
    assert "Paramètres d’affichage" in page.split('id="fr-theme-modal"')[1]


def test_la_declaration_d_accessibilite_dit_l_etat_de_conformite_et_les_voies_de_recours(client: Client) -> None:
    page = client.get("/accessibilite/").content.decode()
    assert "non conforme" in page
    assert "RGAA" in page
    assert "Défenseur des droits" in page


def test_les_mentions_legales_nomment_l_exploitant_declare(client: Client, settings: object) -> None:
    settings.CPTS_EXPLOITANT = {**settings.CPTS_EXPLOITANT, "nom": "Agence régionale de santé Bretagne"}
    page = client.get("/mentions-legales/").content.decode()
    assert "Agence régionale de santé Bretagne" in page
    assert "à renseigner par l'exploitant (CPTS_HEBERGEUR)" in page


def test_la_page_des_donnees_personnelles_dit_les_donnees_gardees_et_leur_duree(client: Client) -> None:
    page = client.get("/donnees-personnelles/").content.decode()
    assert "RPPS" in page
    assert "Durée de conservation" in page
    assert "CNIL" in page
