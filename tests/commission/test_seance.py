"""Les règles de la séance tenues par le domaine, quoi que montrent les pages : un siège vacant ne siège pas et ne
compte jamais pour le quorum ; un scrutin secret ne publie que ses totaux par section ; un siège illisible est un
refus en français."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from ninja.testing import TestClient

from cpts.api.app import api
from cpts.commission.models import Composition, Presence, Siege
from cpts.commission.services import deliberations, scrutins
from tests.commission.factories import (
    CommissionFactory,
    PointFactory,
    ReunionFactory,
    SiegeFactory,
    composition_paritaire,
)
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat() -> object:
    return UtilisateurFactory(role="agent_cpam", region="84")


@pytest.fixture
def composition() -> Composition:
    composition = composition_paritaire(CommissionFactory())
    SiegeFactory(composition=composition, organisation="Siège à pourvoir", vacant=True)
    return composition


@pytest.fixture
def reunion(composition: Composition) -> object:
    return ReunionFactory(commission=composition.commission, en_seance=True)


def _vacant(composition: Composition) -> Siege:
    return composition.sieges.get(organisation="Siège à pourvoir")


@pytest.mark.parametrize("presence", ["titulaire", "suppleant"])
def test_un_siege_vacant_ne_peut_etre_marque_present(
    composition: Composition, reunion: object, secretariat: object, presence: str
) -> None:
    vacant = _vacant(composition)
    with pytest.raises(ValidationError, match=r"Siège à pourvoir .* est vacant"):
        deliberations.enregistrer_presences(reunion, {vacant.pk: (presence, None)}, secretariat)
    assert not Presence.objects.filter(reunion=reunion).exists()


def test_un_siege_vacant_ne_delegue_pas_de_vote(composition: Composition, reunion: object, secretariat: object) -> None:
    csmf = composition.sieges.get(organisation="CSMF")
    with pytest.raises(ValidationError, match="est vacant"):
        deliberations.enregistrer_presences(reunion, {_vacant(composition).pk: ("absent", csmf.pk)}, secretariat)


def test_un_siege_vacant_ne_compte_jamais_pour_le_quorum(composition: Composition, reunion: object) -> None:
    # Une présence posée hors du service (reprise de données, ancienne saisie) ne fait pas siéger un siège vacant.
    Presence.objects.create(reunion=reunion, siege=_vacant(composition), presence="titulaire")
    etat = deliberations.etat_deliberation(reunion)
    assert (etat.professionnelle.membres_presents, etat.professionnelle.voix_presentes) == (0, 0)
    assert _vacant(composition).pk not in scrutins.droits_de_vote(reunion)


@pytest.fixture
def second_tour(composition: Composition, secretariat: object) -> object:
    """Un scrutin secret clos (second tour après partage), la composition paritaire au complet."""
    composition.sieges.filter(organisation="Siège à pourvoir").delete()
    point = PointFactory(reunion=ReunionFactory(commission=composition.commission, en_seance=True))
    deliberations.enregistrer_presences(
        point.reunion, {s.pk: ("titulaire", None) for s in deliberations.sieges_votants(point.reunion)}, secretariat
    )
    for _tour in (1, 2):
        scrutin = scrutins.ouvrir_scrutin(point, secretariat)
        for siege in composition.sieges.all():
            choix = "pour" if siege.section == "professionnelle" else "contre"
            scrutins.voter(scrutin, siege, choix, secretariat, pour_le_secretariat=True)
        scrutins.clore_scrutin(scrutin, secretariat)
    assert scrutin.secret
    return scrutin


def test_la_page_d_un_scrutin_secret_ne_montre_que_les_totaux_par_section(
    client: Client, second_tour: object, secretariat: object
) -> None:
    client.force_login(secretariat)
    page = client.get(reverse("commission:scrutin", args=[second_tour.pk])).content.decode()
    assert 'id="resultat"' in page
    assert 'id="bulletins"' not in page
    assert "seuls les totaux par section sont publiés" in page


def test_l_api_d_un_scrutin_secret_ne_donne_aucun_bulletin(second_tour: object, secretariat: object) -> None:
    donnees = TestClient(api).get(f"/commission/scrutins/{second_tour.pk}", user=secretariat).json()
    assert donnees["bulletins"] == []
    assert donnees["sections"] == [
        {"section": "professionnelle", "pour": 4, "contre": 0, "abstention": 0, "blanc": 0},
        {"section": "sociale", "pour": 0, "contre": 4, "abstention": 0, "blanc": 0},
    ]


def test_un_siege_illisible_dans_un_vote_est_refuse_en_francais(
    client: Client, composition: Composition, reunion: object, secretariat: object
) -> None:
    point = PointFactory(reunion=reunion)
    composition.sieges.filter(organisation="Siège à pourvoir").delete()
    deliberations.enregistrer_presences(
        reunion, {s.pk: ("titulaire", None) for s in deliberations.sieges_votants(reunion)}, secretariat
    )
    scrutin = scrutins.ouvrir_scrutin(point, secretariat)
    client.force_login(secretariat)
    csmf = composition.sieges.get(organisation="CSMF")
    for illisible in ("abc", "²", "9" * 30):
        envoi = {f"choix_{csmf.pk}": "pour", f"choix_{illisible}": "pour"}
        reponse = client.post(reverse("commission:voter", args=[scrutin.pk]), envoi)
        assert reponse.status_code == 400
        assert f"Siège « {illisible} » : ce n&#x27;est pas un siège de cette commission." in reponse.content.decode()
    assert not scrutin.bulletins.exists()
