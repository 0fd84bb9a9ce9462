import json
import re

import pytest

from tests.financement.outils import cpts, espaces_simples

Capture = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch


def financement_json(capsys: Capture, monkeypatch: Patch, *options: str) -> dict[str, object]:
    sortie = cpts(capsys, monkeypatch, "financement", *options, "--format", "json")
    assert (sortie.code, sortie.stderr) == (0, "")
    resultat: dict[str, object] = json.loads(sortie.stdout)
    return resultat


def test_le_json_a_la_forme_convenue(capsys: Capture, monkeypatch: Patch) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2023-01-15", "--population", "50000", "--missions", "acces"
    )
    avertissements = resultat.pop("avertissements")

    assert avertissements == [
        "Missions socles manquantes (parcours, prévention, crises sanitaires) : sous le texte avenant 2, un projet"
        " sans toutes ses missions socles ne pourra pas être financé (guide ARS Auvergne-Rhône-Alpes, annexe 4 ;"
        " guide URPS Médecins libéraux Auvergne-Rhône-Alpes, §1.3)."
    ]
    assert resultat == {
        "texte": "avenant-2",
        "date": "2023-01-15",
        "taille": 2,
        "lignes": [
            {"mission": "fonctionnement", "volet": "fixe", "montant": "60000.00"},
            {"mission": "acces", "volet": "fixe", "montant": "70000.00"},
            {"mission": "acces", "volet": "variable", "montant": "30000.00"},
        ],
        "total": "160000.00",
    }


def test_le_json_donne_les_volets_snp_de_l_aci_2019(capsys: Capture, monkeypatch: Patch) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2021-01-15", "--taille", "1", "--missions", "acces",
        "--options", "snp-compensation,snp-regulation",
    )  # fmt: skip

    assert [ligne["volet"] for ligne in resultat["lignes"]] == [  # type: ignore[attr-defined]
        "fixe",
        "fixe",
        "variable",
        "snp_compensation",
        "snp_regulation",
    ]
    assert resultat["total"] == "125000.00"


def test_les_montants_json_sont_des_chaines_a_deux_decimales_et_le_total_leur_somme(
    capsys: Capture, monkeypatch: Patch
) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2023-01-15", "--taille", "4", "--membres", "100",
        "--missions", "acces,parcours,crise,qualite", "--atteinte", "0.333",
    )  # fmt: skip
    montants = [ligne["montant"] for ligne in resultat["lignes"]]  # type: ignore[attr-defined]

    assert all(re.fullmatch(r"\d+\.\d\d", montant) for montant in [*montants, resultat["total"]])
    assert sum(float(montant) for montant in montants) == pytest.approx(float(resultat["total"]))  # type: ignore[arg-type]


def test_les_lignes_a_zero_sont_omises(capsys: Capture, monkeypatch: Patch) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2023-01-15", "--taille", "1", "--missions", "parcours", "--atteinte", "0"
    )

    assert [(ligne["mission"], ligne["volet"]) for ligne in resultat["lignes"]] == [  # type: ignore[attr-defined]
        ("fonctionnement", "fixe"),
        ("parcours", "fixe"),
    ]


def test_un_taux_par_mission_est_accepte(capsys: Capture, monkeypatch: Patch) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2023-01-15", "--taille", "1",
        "--missions", "acces,parcours", "--atteinte", "acces=0.5,parcours=0.2",
    )  # fmt: skip

    # 50 000 + 55 000 + 25 000 × 0,5 + 25 000 + 25 000 × 0,2
    assert resultat["total"] == "147500.00"


def test_le_texte_impose_remplace_celui_en_vigueur(capsys: Capture, monkeypatch: Patch) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2023-01-15", "--taille", "1", "--missions", "acces", "--texte", "aci-2019"
    )

    assert (resultat["texte"], resultat["total"]) == ("aci-2019", "80000.00")


def test_sans_option_les_enveloppes_snp_ne_sont_pas_comptees(capsys: Capture, monkeypatch: Patch) -> None:
    resultat = financement_json(capsys, monkeypatch, "--date", "2021-01-15", "--taille", "1", "--missions", "acces")

    assert [ligne["volet"] for ligne in resultat["lignes"]] == ["fixe", "fixe", "variable"]  # type: ignore[attr-defined]


def test_l_option_fonctionnement_additionnel_est_comptee_avec_son_avertissement(
    capsys: Capture, monkeypatch: Patch
) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2023-01-15", "--taille", "1",
        "--missions", "acces,parcours,prevention,crise", "--options", "fonctionnement-additionnel",
    )  # fmt: skip

    assert {"mission": "fonctionnement", "volet": "additionnel", "montant": "37500.00"} in resultat["lignes"]  # type: ignore[operator]
    assert [phrase[:29] for phrase in resultat["avertissements"]] == ["Montant non vérifié au texte "]  # type: ignore[attr-defined]


def test_une_crise_survenue_donne_tout_son_variable_avec_une_atteinte_de_moitie(
    capsys: Capture, monkeypatch: Patch
) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2023-01-15", "--taille", "1", "--missions", "crise",
        "--crise-survenue", "--atteinte", "0.5",
    )  # fmt: skip

    assert resultat["total"] == "112500.00"


def test_une_option_inconnue_est_refusee_en_francais(capsys: Capture, monkeypatch: Patch) -> None:
    sortie = cpts(
        capsys, monkeypatch, "financement", "--date", "2023-01-15", "--taille", "1", "--missions", "acces",
        "--options", "snp",
    )  # fmt: skip

    assert (sortie.code, sortie.stderr) == (
        2,
        "Erreur : option « snp » inconnue (--options) :"
        " snp-compensation, snp-regulation, fonctionnement-additionnel.\n",
    )


def test_les_options_de_crise_choisissent_le_fixe_et_le_variable(capsys: Capture, monkeypatch: Patch) -> None:
    resultat = financement_json(
        capsys, monkeypatch, "--date", "2023-01-15", "--taille", "3", "--missions", "crise",
        "--crise-annee", "suivante", "--crise-survenue",
    )  # fmt: skip

    assert resultat["lignes"][1:] == [  # type: ignore[index]
        {"mission": "crise", "volet": "fixe", "montant": "22500.00"},
        {"mission": "crise", "volet": "variable", "montant": "67500.00"},
    ]


def test_la_table_est_en_francais_avec_des_montants_a_la_francaise(capsys: Capture, monkeypatch: Patch) -> None:
    sortie = cpts(
        capsys, monkeypatch, "financement", "--date", "2023-01-15", "--population", "39999", "--missions", "parcours"
    )
    texte = espaces_simples(sortie.stdout)

    assert sortie.code == 0
    assert texte.splitlines()[0] == "Financement annuel : avenant 2 (en vigueur le 15/01/2023), taille 1"
    assert "Mission" in texte
    assert "Montant annuel" in texte
    assert re.search(r"^Fonctionnement +montant total +50 000,00 €$", texte, re.MULTILINE)
    assert re.search(r"^Total +100 000,00 €$", texte, re.MULTILINE)


def test_les_montants_de_la_table_sont_alignes_a_droite(capsys: Capture, monkeypatch: Patch) -> None:
    sortie = cpts(
        capsys, monkeypatch, "financement", "--date", "2023-01-15", "--taille", "4", "--missions", "acces,qualite"
    )

    lignes_en_euros = [ligne for ligne in sortie.stdout.splitlines() if ligne.endswith("€")]

    assert len(lignes_en_euros) == 6
    assert len({len(ligne) for ligne in lignes_en_euros}) == 1


def test_la_table_signale_les_missions_majorees(capsys: Capture, monkeypatch: Patch) -> None:
    sortie = cpts(
        capsys,
        monkeypatch,
        "financement",
        "--date",
        "2023-01-15",
        "--taille",
        "4",
        "--membres",
        "100",
        "--missions",
        "acces",
    )

    assert sortie.stdout.splitlines()[0].endswith(", missions majorées")


def test_la_date_s_ecrit_aussi_a_la_francaise(capsys: Capture, monkeypatch: Patch) -> None:
    options = ("--population", "50000", "--missions", "acces")
    iso = financement_json(capsys, monkeypatch, "--date", "2023-01-15", *options)
    assert financement_json(capsys, monkeypatch, "--date", "15/01/2023", *options) == iso
