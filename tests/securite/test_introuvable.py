"""Hors du périmètre, un objet est introuvable, exactement comme un objet qui n'existe pas (pages et API) ; un refus
ne nomme rien de ce que son destinataire ne voit pas."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers import factories, parcours

pytestmark = pytest.mark.usefixtures("communes")


@pytest.fixture
def nantes() -> Cpts:
    return factories.CptsFactory(nom="CPTS secrète de Nantes", hors_region=True)


@pytest.fixture
def agent() -> object:
    return UtilisateurFactory(agent_ars_region=True)


def _absente() -> int:
    return (Cpts.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def _sans_jeton(contenu: bytes, adresse: str) -> str:
    """La page sans son adresse ni son jeton CSRF (masqué différemment à chaque réponse)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", contenu.decode().replace(adresse, ""))


def test_une_page_hors_du_perimetre_repond_comme_une_page_absente(client: Client, nantes: Cpts, agent: object) -> None:
    client.force_login(agent)
    adresses = reverse("dossiers:modifier", args=[nantes.pk]), reverse("dossiers:modifier", args=[_absente()])
    hors, absente = (client.get(adresse) for adresse in adresses)
    assert (hors.status_code, absente.status_code) == (404, 404)
    assert _sans_jeton(hors.content, adresses[0]) == _sans_jeton(absente.content, adresses[1])


def test_une_ecriture_hors_du_perimetre_repond_404_et_n_ecrit_rien(client: Client, nantes: Cpts, agent: object) -> None:
    client.force_login(agent)
    reponse = client.post(reverse("dossiers:ajouter_membre", args=[nantes.pk]), {"type": "structure", "nom": "X"})
    assert reponse.status_code == 404
    assert not nantes.membres.exists()


def test_l_api_hors_du_perimetre_repond_comme_pour_un_objet_absent(nantes: Cpts, agent: object) -> None:
    client = TestClient(api)
    hors = client.post(f"/cpts/{nantes.pk}/documents/fiche_action", user=agent)
    absente = client.post(f"/cpts/{_absente()}/documents/fiche_action", user=agent)
    assert (hors.status_code, absente.status_code) == (404, 404)
    assert hors.json() == absente.json()


def test_une_action_visible_mais_interdite_au_role_reste_un_403(client: Client, agent: object) -> None:
    cpts = factories.CptsFactory()
    client.force_login(UtilisateurFactory(cpts=[cpts]))
    assert client.post(reverse("dossiers:ecrire_note", args=[cpts.pk]), {"texte": "x"}).status_code == 403


def test_le_refus_d_une_fusion_ne_nomme_pas_une_cpts_hors_du_perimetre(nantes: Cpts, agent: object) -> None:
    cpts = parcours.dossier_complet(agent)
    reponse = TestClient(api).post(
        f"/cpts/{cpts.pk}/decisions",
        json={
            "transition": "fusionner",
            "date": "2024-05-02",
            "instance": "ars",
            "motif": "Fusion.",
            "cpts_absorbante_id": nantes.pk,
        },
        user=agent,
    )
    assert reponse.status_code == 409
    assert "Nantes" not in reponse.content.decode()
    assert "CPTS absorbante : identifiant inconnu." in reponse.json()["details"][0]
