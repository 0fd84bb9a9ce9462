import json
import re

import pytest

from tests.financement.outils import cpts, espaces_simples

Capture = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch
CLES = {"annee_contrat", "mission", "volet", "nature", "montant", "du_le", "au_plus_tard", "texte", "notre_lecture"}


def versements(capsys: Capture, monkeypatch: Patch, *options: str) -> list[dict[str, object]]:
    sortie = cpts(capsys, monkeypatch, "echeancier", *options, "--format", "json")
    assert (sortie.code, sortie.stderr) == (0, "")
    resultat = json.loads(sortie.stdout)
    assert list(resultat) == ["versements", "avertissements"]
    liste: list[dict[str, object]] = resultat["versements"]
    return liste


def test_chaque_versement_json_a_la_forme_convenue(capsys: Capture, monkeypatch: Patch) -> None:
    liste = versements(
        capsys, monkeypatch, "--signature", "2023-01-01", "--population", "50000", "--missions", "acces:2023-07-02"
    )

    assert liste[:2] == [
        {
            "annee_contrat": 1,
            "mission": "fonctionnement",
            "volet": "fixe",
            "nature": "integral",
            "montant": "60000.00",
            "du_le": "2023-01-01",
            "au_plus_tard": "2023-03-01",
            "texte": "avenant-2",
            "notre_lecture": False,
        },
        {
            "annee_contrat": 1,
            "mission": "acces",
            "volet": "fixe",
            "nature": "avance",
            "montant": "26321.92",
            "du_le": "2023-07-02",
            "au_plus_tard": "2023-09-02",
            "texte": "avenant-2",
            "notre_lecture": False,
        },
    ]
    assert all(set(versement) == CLES for versement in liste)
    assert all(re.fullmatch(r"\d+\.\d\d", str(versement["montant"])) for versement in liste)


def test_les_versements_json_sont_ranges_par_date_d_exigibilite(capsys: Capture, monkeypatch: Patch) -> None:
    liste = versements(
        capsys, monkeypatch, "--signature", "2022-06-15", "--taille", "3",
        "--missions", "qualite:2024-01-01,acces:2022-09-01,crise:2022-06-15",
    )  # fmt: skip

    assert [v["du_le"] for v in liste] == sorted(str(v["du_le"]) for v in liste)


def test_un_solde_verse_apres_l_anniversaire_appartient_a_l_annee_qu_il_clot(
    capsys: Capture, monkeypatch: Patch
) -> None:
    liste = versements(
        capsys, monkeypatch, "--signature", "2023-01-01", "--taille", "1", "--missions", "parcours:2023-01-01"
    )

    soldes = [(v["annee_contrat"], v["du_le"]) for v in liste if v["nature"] == "solde" and v["volet"] == "variable"]

    assert soldes[0] == (1, "2024-01-01")


def test_le_taux_d_atteinte_reduit_les_soldes_variables(capsys: Capture, monkeypatch: Patch) -> None:
    liste = versements(
        capsys, monkeypatch, "--signature", "2023-01-01", "--taille", "1",
        "--missions", "parcours:2023-01-01", "--atteinte", "parcours=0.4",
    )  # fmt: skip

    assert {v["montant"] for v in liste if v["volet"] == "variable"} == {"10000.00"}


def test_la_table_de_l_echeancier_est_en_francais(capsys: Capture, monkeypatch: Patch) -> None:
    sortie = cpts(
        capsys,
        monkeypatch,
        "echeancier",
        "--signature",
        "2023-01-01",
        "--taille",
        "1",
        "--missions",
        "acces:2023-01-01",
    )
    texte = espaces_simples(sortie.stdout)

    assert sortie.code == 0
    assert texte.splitlines()[0] == "Échéancier du contrat signé le 01/01/2023, taille 1"
    assert texte.splitlines()[2].split() == [
        "Année",
        "Mission",
        "Volet",
        "Nature",
        "Montant",
        "Dû",
        "le",
        "Au",
        "plus",
        "tard",
        "Texte",
    ]
    assert re.search(
        r"^ +1 +Fonctionnement +montant total +avance +37 500,00 € +01/01/2023 +01/03/2023 +avenant 2$", texte, re.M
    )
    assert re.search(r"^Total +\d[\d ]*,\d\d €$", texte, re.M)


def test_les_montants_de_l_echeancier_sont_alignes(capsys: Capture, monkeypatch: Patch) -> None:
    sortie = cpts(
        capsys,
        monkeypatch,
        "echeancier",
        "--signature",
        "2023-01-01",
        "--taille",
        "4",
        "--missions",
        "acces:2023-03-01",
    )

    positions = {ligne.index("€") for ligne in sortie.stdout.splitlines() if "€" in ligne}

    assert len(positions) == 1


def test_l_echeancier_prend_les_options_ouvertes_a_leur_date(capsys: Capture, monkeypatch: Patch) -> None:
    liste = versements(
        capsys, monkeypatch, "--signature", "2021-06-01", "--taille", "1", "--missions", "acces:2021-06-01",
        "--options", "snp-regulation:2021-12-01",
    )  # fmt: skip

    assert next(v["du_le"] for v in liste if v["volet"] == "snp_regulation") == "2021-12-01"
    assert not any(v["volet"] == "snp_compensation" for v in liste)


def test_l_echeancier_verse_tout_le_variable_crise_l_annee_declaree(capsys: Capture, monkeypatch: Patch) -> None:
    liste = versements(
        capsys, monkeypatch, "--signature", "2023-01-01", "--taille", "1", "--missions", "crise:2023-01-01",
        "--crises", "2", "--atteinte", "0",
    )  # fmt: skip

    assert [(v["annee_contrat"], v["montant"]) for v in liste if v["volet"] == "variable"] == [(2, "37500.00")]


def test_une_annee_a_cheval_sur_l_avenant_2_est_marquee_comme_notre_lecture(
    capsys: Capture, monkeypatch: Patch
) -> None:
    sortie = cpts(
        capsys, monkeypatch, "echeancier", "--signature", "2021-09-01", "--taille", "1",
        "--missions", "acces:2021-09-01,parcours:2021-09-01,prevention:2021-09-01,crise:2022-09-01",
    )  # fmt: skip
    texte = espaces_simples(sortie.stdout)

    assert re.search(r"^ +1 +Accès aux soins +fixe +avance +.* ACI 2019 \(notre lecture\)$", texte, re.M)
    assert re.search(r"^ +2 +Accès aux soins +fixe +avance +.* avenant 2$", texte, re.M)
    assert "Avertissement : Période du 01/09/2021 au 01/09/2022 à cheval" in texte
