"""La saisie d'un scénario à la française : « 45 000 » habitants, « 85 % » ou « 0,85 » d'atteinte, dates JJ/MM/AAAA."""

import datetime
from decimal import Decimal

from cpts.www.simulation.forms import FormulaireScenario


def test_le_formulaire_donne_le_scenario_saisi_a_la_francaise() -> None:
    formulaire = FormulaireScenario(
        {
            "a-population": "45 000",
            "a-signature": "15/01/2023",
            "a-membres": "1 200",
            "a-atteinte": "85 %",
            "a-crises": ["2", "4"],
            "a-choisie_acces": "on",
            "a-demarrage_acces": "01/07/2023",
            "a-choisie_parcours": "on",
            "a-texte": "aci-2019",
        },
        prefix="a",
        cochees=set(),
    )

    assert formulaire.is_valid(), formulaire.errors
    scenario = formulaire.scenario()
    assert scenario.population == 45_000
    assert scenario.signature == datetime.date(2023, 1, 15)
    assert scenario.membres == 1_200
    assert scenario.atteinte == Decimal("0.85")
    assert scenario.crises == {2, 4}
    assert scenario.missions == {"acces": datetime.date(2023, 7, 1), "parcours": None}
    assert scenario.texte == "aci-2019"


def test_une_mission_ne_demarre_pas_avant_la_signature() -> None:
    formulaire = FormulaireScenario(
        {
            "a-population": "45000",
            "a-signature": "15/01/2023",
            "a-choisie_acces": "on",
            "a-demarrage_acces": "01/01/2023",
        },
        prefix="a",
        cochees=set(),
    )

    assert not formulaire.is_valid()
    assert formulaire.errors["demarrage_acces"] == ["Une mission démarre au plus tôt à la signature du contrat."]
