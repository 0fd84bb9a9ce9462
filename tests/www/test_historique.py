import datetime

import pytest

from cpts.dossiers.enums import Etape
from cpts.www.historique import versions
from tests.dossiers.factories import CptsFactory, MembreFactory

pytestmark = pytest.mark.django_db


def _changements(objet: object) -> dict[str, tuple[str, str]]:
    return {c.champ: (c.avant, c.apres) for c in versions(objet)[0].changements}


def test_l_historique_dit_l_etape_par_son_libelle_et_une_date_vide_par_vide() -> None:
    cpts = CptsFactory()
    cpts.etape = Etape.CONTRAT_SIGNE
    cpts.etape_depuis = datetime.date(2021, 6, 1)
    cpts.save()
    changements = _changements(cpts)
    assert changements["étape"] == ("Dynamique (réflexion)", Etape.CONTRAT_SIGNE.label)
    assert changements["à cette étape depuis le"] == ("vide", "01/06/2021")


def test_l_historique_dit_oui_ou_non_pour_une_case_a_cocher() -> None:
    membre = MembreFactory(gouvernance=False)
    membre.gouvernance = True
    membre.save()
    assert _changements(membre)["participe à la gouvernance"] == ("non", "oui")
