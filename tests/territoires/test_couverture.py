import datetime

import pytest

from cpts.dossiers.enums import Etape
from cpts.territoires.couverture import couverture
from cpts.territoires.models import Commune
from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")

JOUR = datetime.date(2021, 6, 1)


def population(*codes: str) -> int:
    return sum(Commune.objects.filter(code__in=codes).values_list("population", flat=True))


def test_la_couverture_d_un_departement_additionne_les_territoires_en_cours_par_etape() -> None:
    TerritoireFactory(communes=["69266"], cpts__etape=Etape.CONTRAT_SIGNE)
    TerritoireFactory(communes=["69029"], cpts__etape=Etape.DYNAMIQUE)
    rhone = next(ligne for ligne in couverture("departement", JOUR) if ligne.code == "69")
    assert (rhone.couverte, rhone.signee) == (population("69266", "69029"), population("69266"))


def test_un_territoire_pas_encore_ouvert_a_la_date_ne_compte_pas() -> None:
    TerritoireFactory(communes=["69266"], debut=datetime.date(2021, 6, 2))
    rhone = next(ligne for ligne in couverture("departement", JOUR) if ligne.code == "69")
    assert rhone.couverte == 0


def test_la_part_couverte_rapporte_la_population_couverte_aux_habitants() -> None:
    TerritoireFactory(communes=["69266"], cpts__etape=Etape.CONTRAT_SIGNE)
    aura = next(ligne for ligne in couverture("region", JOUR) if ligne.code == "84")
    assert aura.part_signee == population("69266") / __import__("decimal").Decimal(8_205_557)


def test_la_france_est_une_seule_ligne_qui_additionne_les_regions() -> None:
    TerritoireFactory(communes=["69266"])
    TerritoireFactory(communes=["44109"], cpts__hors_region=True)
    (france,) = couverture("france", JOUR)
    assert (france.habitants, france.couverte) == (68_350_798, population("69266", "44109"))
