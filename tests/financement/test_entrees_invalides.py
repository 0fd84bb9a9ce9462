"""Toute entrée invalide : une seule ligne en français sur la sortie d'erreur, code 2, rien d'autre."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpts.financement.commande import traduire_argparse
from tests.financement.outils import cpts

FINANCEMENT = ["financement", "--date", "2023-01-15", "--taille", "2"]
ECHEANCIER = ["echeancier", "--signature", "2023-01-01", "--taille", "2"]

CAS = [
    pytest.param(
        [*FINANCEMENT, "--missions", "acces,urgences"], "la mission « urgences » n'existe pas", id="mission-inconnue"
    ),
    pytest.param(
        [*FINANCEMENT, "--missions", "acces", "--atteinte", "1.5"], "hors de [0, 1] : 1.5", id="taux-superieur-a-1"
    ),
    pytest.param([*FINANCEMENT, "--missions", "acces", "--atteinte", "-0.1"], "hors de [0, 1]", id="taux-negatif"),
    pytest.param(
        [*FINANCEMENT, "--missions", "acces", "--atteinte", "acces=2"],
        "pour acces hors de [0, 1]",
        id="taux-par-mission",
    ),
    pytest.param(
        [*FINANCEMENT, "--missions", "acces", "--atteinte", "beaucoup"], "taux d'atteinte invalide", id="taux-texte"
    ),
    pytest.param(
        ["financement", "--date", "2019-08-24", "--taille", "2", "--missions", "acces"],
        "la date du 24/08/2019 précède le premier texte, ACI 2019",
        id="date-avant-l-aci",
    ),
    pytest.param(
        ["echeancier", "--signature", "2019-08-01", "--taille", "1", "--missions", "acces:2019-09-01"],
        "signature du 01/08/2019 antérieure au premier texte",
        id="signature-avant-l-aci",
    ),
    pytest.param(
        [*ECHEANCIER, "--missions", "acces:2022-12-31"],
        "la mission « acces » démarre le 31/12/2022, avant la signature du 01/01/2023",
        id="mission-avant-la-signature",
    ),
    pytest.param(
        [*ECHEANCIER, "--missions", "urgences:2023-01-01"],
        "mission « urgences » inconnue",
        id="echeancier-mission-inconnue",
    ),
    pytest.param(
        [*ECHEANCIER, "--missions", "acces:2023-01-01", "--atteinte", "1.01"], "hors de [0, 1]", id="echeancier-taux"
    ),
    *[
        pytest.param(
            ["financement", "--date", "2023-01-15", "--population", population, "--missions", "acces"],
            f"population invalide « {population} » (--population) : nombre entier ≥ 0 attendu",
            id=f"population-{population}",
        )
        for population in ("-1", "12.5", "1e5", "beaucoup", "")
    ],
    pytest.param(
        ["echeancier", "--signature", "2023-01-01", "--population", "-5", "--missions", "acces:2023-01-01"],
        "population invalide « -5 »",
        id="echeancier-population-negative",
    ),
    pytest.param(
        [*FINANCEMENT, "--missions", "acces", "--texte", "avenant-9"], "texte « avenant-9 » inconnu", id="texte"
    ),
    pytest.param(
        [*FINANCEMENT[:3], "--missions", "acces"], "indiquez soit --population, soit --taille", id="ni-taille"
    ),
    pytest.param(
        [*FINANCEMENT, "--population", "5", "--missions", "acces"], "soit --population, soit --taille", id="les-deux"
    ),
    pytest.param([*FINANCEMENT[:3], "--taille", "5", "--missions", "acces"], "taille « 5 » inconnue", id="taille-5"),
    pytest.param(
        [*FINANCEMENT, "--missions", "crise", "--crise-annee", "derniere"], "premiere ou suivante", id="annee-plan"
    ),
    pytest.param([*FINANCEMENT, "--missions", "acces", "--format", "xml"], "format « xml » inconnu", id="format"),
    pytest.param([*FINANCEMENT, "--missions", "acces", "--membres", "-1"], "nombre de membres invalide", id="membres"),
    pytest.param(
        ["financement", "--date", "31/02/2023", "--taille", "2", "--missions", "acces"], "date invalide", id="date"
    ),
    pytest.param([*ECHEANCIER, "--missions", "acces"], "mission « acces » sans date de démarrage", id="sans-date"),
    pytest.param(FINANCEMENT, "option obligatoire manquante : --missions", id="option-manquante"),
    pytest.param(
        [*FINANCEMENT, "--missions", "acces", "--bidule"], "argument inconnu : --bidule", id="option-inconnue"
    ),
    pytest.param([*FINANCEMENT, "--missions"], "l'option --missions attend une valeur", id="option-sans-valeur"),
]


@pytest.mark.parametrize(("arguments", "message"), CAS)
def test_une_entree_invalide_donne_une_ligne_en_francais_et_le_code_2(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sortie = cpts(capsys, monkeypatch, *arguments)

    assert sortie.code == 2
    assert sortie.stdout == ""
    assert sortie.stderr.startswith("Erreur : ")
    assert sortie.stderr.endswith(".\n")
    assert sortie.stderr.count("\n") == 1
    assert message in sortie.stderr


def test_un_message_d_argparse_inattendu_reste_lisible() -> None:
    assert traduire_argparse("Error: something new") == "arguments invalides (something new)"


def commande_cpts() -> list[str]:
    script = Path(sys.executable).parent / "cpts"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cpts"]


def test_le_programme_cpts_sort_en_code_2_sans_trace_ni_usage() -> None:
    resultat = subprocess.run(
        [*commande_cpts(), "financement", "--date", "2023-01-15", "--taille", "2", "--missions", "urgences"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )

    assert (resultat.returncode, resultat.stdout) == (2, "")
    assert resultat.stderr.startswith("Erreur : la mission « urgences » n'existe pas")
    assert resultat.stderr.count("\n") == 1


def test_le_programme_cpts_sort_en_code_2_sur_une_option_inconnue_sans_usage() -> None:
    resultat = subprocess.run(
        [
            *commande_cpts(),
            "echeancier",
            "--signature",
            "2023-01-01",
            "--taille",
            "2",
            "--missions",
            "acces:2023-01-01",
            "-x",
        ],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )

    assert (resultat.returncode, resultat.stdout, resultat.stderr) == (2, "", "Erreur : argument inconnu : -x.\n")


def test_appelee_depuis_python_la_commande_leve_une_erreur_de_commande_de_code_2() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as erreur:
        call_command("financement", date="2023-01-15", taille="2", missions="urgences")

    assert erreur.value.returncode == 2
