import pytest

from cpts.mise_a_jour import mettre_a_jour
from cpts.territoires.models import Commune

pytestmark = pytest.mark.usefixtures("communes")
LYON, VILLEURBANNE, BRON = "69123", "69266", "69029"


def test_chaque_ligne_recoit_ses_propres_valeurs_des_seuls_champs_nommes() -> None:
    lyon, villeurbanne = Commune.objects.get(code=LYON), Commune.objects.get(code=VILLEURBANNE)
    lyon.population, lyon.anciens_codes, lyon.lon_min = 1, ["69000", "69999"], None
    villeurbanne.population, villeurbanne.anciens_codes, villeurbanne.nom = 2, [], "Nom gardé en mémoire seulement"

    mettre_a_jour([lyon, villeurbanne], ["population", "anciens_codes", "lon_min"])

    lues = {commune.code: commune for commune in Commune.objects.filter(code__in=[LYON, VILLEURBANNE])}
    assert (lues[LYON].population, lues[LYON].anciens_codes, lues[LYON].lon_min) == (1, ["69000", "69999"], None)
    assert (lues[VILLEURBANNE].population, lues[VILLEURBANNE].anciens_codes) == (2, [])
    assert lues[VILLEURBANNE].lon_min is not None
    assert lues[VILLEURBANNE].nom == "Villeurbanne"


def test_les_autres_lignes_ne_changent_pas() -> None:
    avant = Commune.objects.get(code=BRON).population
    lyon = Commune.objects.get(code=LYON)
    lyon.population = 1

    mettre_a_jour([lyon], ["population"])

    assert Commune.objects.get(code=BRON).population == avant
