"""La couverture a une seule définition (population des territoires des CPTS sous contrat signé à la date) :
les vues calculées s'accordent à chaque date ; les chiffres publiés restent à part, avec leur date et leur source ;
une date qui n'existe pas est refusée en français."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client

from cpts.dossiers.enums import TransitionEtape as T
from cpts.pilotage import presentation
from cpts.pilotage.models import StatistiquePubliee
from tests.comptes.factories import UtilisateurFactory
from tests.pilotage.factories import projet_avec_historique
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")

SIGNATURE = datetime.date(2021, 2, 1)


@pytest.fixture
def signee_et_publication(communes: None) -> None:
    cpts = projet_avec_historique(
        datetime.date(2019, 6, 1),
        [
            (T.DEPOSER_PRE_PROJET, datetime.date(2020, 1, 10)),
            (T.VALIDER_PRE_PROJET, datetime.date(2020, 3, 1)),
            (T.DEPOSER_PROJET_SANTE, datetime.date(2020, 9, 1)),
            (T.VALIDER_PROJET_SANTE, datetime.date(2020, 11, 2)),
            (T.SIGNER_CONTRAT, SIGNATURE),
        ],
    )
    TerritoireFactory(cpts=cpts, communes=["69266", "69029"], debut=datetime.date(2020, 1, 1))
    for indicateur, valeur in (("cpts_signees", 12), ("population_couverte", 2_000_000), ("habitants", 12_000_000)):
        StatistiquePubliee.objects.create(
            zone="11", date=datetime.date(2021, 6, 4), indicateur=indicateur, valeur=valeur, source="CNAM"
        )


def json_de(capsys: pytest.CaptureFixture[str], *arguments: str) -> dict:
    call_command(*arguments, "--format", "json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.usefixtures("signee_et_publication")
@pytest.mark.parametrize("date", ["2021-01-31", "2021-02-01", "2021-06-04"])
def test_les_deux_commandes_de_couverture_donnent_la_meme_population_par_region(
    capsys: pytest.CaptureFixture[str], date: str
) -> None:
    par_region = json_de(capsys, "couverture", "--niveau", "region", "--date", date)["lignes"]
    regions = json_de(capsys, "couverture-regions", "--date", date)["lignes"]

    calculee = {ligne["code"]: ligne["population_couverte_signee"] for ligne in par_region}
    assert {ligne["region"]: ligne["population_couverte"] for ligne in regions} == calculee


@pytest.mark.usefixtures("signee_et_publication")
def test_la_couverture_calculee_ne_reprend_jamais_un_chiffre_publie() -> None:
    lignes = {
        ligne["region"]: ligne for ligne in presentation.couverture_regions(None, datetime.date(2021, 6, 4)).lignes
    }

    assert (lignes["11"]["cpts_signees"], lignes["11"]["population_couverte"]) == (0, 0)
    assert {ligne["source"] for ligne in lignes.values()} == {"calculé"}


@pytest.mark.usefixtures("signee_et_publication")
def test_les_chiffres_publies_sont_a_part_avec_leur_date_et_leur_source() -> None:
    (ile_de_france,) = presentation.couverture_publiee(None, datetime.date(2022, 1, 1)).lignes

    assert ile_de_france["region"] == "11"
    assert (ile_de_france["population_couverte"], ile_de_france["publie_le"], ile_de_france["source"]) == (
        2_000_000,
        datetime.date(2021, 6, 4),
        "CNAM",
    )


def test_une_publication_posterieure_a_la_date_n_est_pas_montree() -> None:
    StatistiquePubliee.objects.create(
        zone="11", date=datetime.date(2021, 6, 4), indicateur="population_couverte", valeur=1, source="CNAM"
    )

    assert presentation.couverture_publiee(None, datetime.date(2021, 6, 3)).lignes == []


def test_la_commande_de_couverture_refuse_le_31_fevrier(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as fin:
        call_command("couverture", "--niveau", "region", "--date", "2021-02-31")

    assert fin.value.code == 2
    assert "date invalide « 2021-02-31 »" in capsys.readouterr().err


def test_le_tableau_de_couverture_refuse_le_31_fevrier_au_lieu_de_montrer_aujourd_hui(client: Client) -> None:
    client.force_login(UtilisateurFactory())

    reponse = client.get("/pilotage/tableau/couverture-regions/", {"date": "31/02/2021"})

    assert reponse.status_code == 400
    assert "Date invalide « 31/02/2021 » : cette date n&#x27;existe pas" in reponse.content.decode()


def test_la_page_de_couverture_refuse_le_31_fevrier(client: Client) -> None:
    client.force_login(UtilisateurFactory())

    reponse = client.get("/territoires/couverture/", {"niveau": "region", "date": "31/02/2021"})

    assert reponse.status_code == 400
    assert 'id="tableau-couverture"' not in reponse.content.decode()
