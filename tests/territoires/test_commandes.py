import json

import pytest
from django.core.management import call_command

from tests.territoires.factories import TerritoireFactory

pytestmark = pytest.mark.usefixtures("communes")


def test_cpts_territoire_donne_le_resume_en_json(capsys: pytest.CaptureFixture[str]) -> None:
    TerritoireFactory(cpts__nom="CPTS de Villeurbanne", communes=["69266"])
    call_command("territoire", "--communes", "69123,69266", "--date", "2022-01-01", "--format", "json")
    resume = json.loads(capsys.readouterr().out)
    assert resume["communes"] == 2
    assert resume["taille"] == 4
    assert (resume["departements"], resume["regions"], resume["contigu"]) == (["69"], ["84"], True)
    assert resume["conflits"] == [{"commune": "69266", "cpts": "CPTS de Villeurbanne"}]
    assert resume["inconnues"] == []


def test_cpts_territoire_sort_en_erreur_2_sur_un_code_inconnu(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as sortie:
        call_command("territoire", "--communes", "69123,99999", "--format", "json")
    sorties = capsys.readouterr()
    assert sortie.value.code == 2
    assert json.loads(sorties.out)["inconnues"] == ["99999"]
    assert sorties.err == "Codes INSEE inconnus : 99999.\n"


def test_cpts_territoire_en_table_est_en_francais(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("territoire", "--communes", "69123")
    assert "Population        519\u202f127" in capsys.readouterr().out


def test_cpts_couverture_en_csv_utilise_le_point_virgule(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("couverture", "--niveau", "region", "--format", "csv")
    lignes = capsys.readouterr().out.splitlines()
    assert lignes[0].startswith("Code;Nom;Habitants")
    assert "84;Auvergne-Rhône-Alpes;8205557;0;0,0000;0;0,0000" in lignes


def test_cpts_couverture_refuse_une_date_mal_ecrite(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        call_command("couverture", "--niveau", "region", "--date", "2021-06-31")
    assert "attendu JJ/MM/AAAA ou AAAA-MM-JJ" in capsys.readouterr().err
