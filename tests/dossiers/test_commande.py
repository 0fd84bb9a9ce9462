import json

import pytest
from django.core.management import call_command

from cpts.dossiers.enums import Etape
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers() -> None:
    CptsFactory(nom="Monts du Lyonnais", signe=True)
    CptsFactory(nom="Vénissieux")
    CptsFactory(nom="Nantes", hors_region=True)


def test_la_commande_liste_les_dossiers_d_une_region_en_table(dossiers: None, capsys: object) -> None:
    call_command("dossiers", region="84")
    sortie = capsys.readouterr().out
    assert "Monts du Lyonnais" in sortie
    assert "Vénissieux" in sortie
    assert "Nantes" not in sortie


def test_la_commande_filtre_par_etape_en_json(dossiers: None, capsys: object) -> None:
    call_command("dossiers", region="84", etape=Etape.CONTRAT_SIGNE, format="json")
    (dossier,) = json.loads(capsys.readouterr().out)
    assert (dossier["Nom"], dossier["Étape"], dossier["Échéance"]) == (
        "Monts du Lyonnais",
        "Contrat ACI signé",
        "01/03/2023",
    )


def test_la_commande_sort_en_csv_a_point_virgule(dossiers: None, capsys: object) -> None:
    call_command("dossiers", region="84", format="csv")
    entete = capsys.readouterr().out.splitlines()[0]
    assert entete.startswith("Identifiant;Nom;Région;")


def test_une_etape_inconnue_arrete_la_commande_en_une_ligne(capsys: object) -> None:
    with pytest.raises(SystemExit) as sortie:
        call_command("dossiers", region="84", etape="signee")
    assert sortie.value.code == 2
    assert capsys.readouterr().err.startswith("Erreur : étape « signee » inconnue")
