import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from cpts.dossiers.parametres import parametres, subvention_pre_projet
from cpts.regles import ParametresInvalides


def test_la_subvention_fir_du_pre_projet_est_de_15_000_euros_en_auvergne_rhone_alpes() -> None:
    valeur = subvention_pre_projet("84", datetime.date(2021, 6, 1))
    assert valeur.valeur == Decimal(15000)
    assert valeur.references[0].source == "ars-aura-guide"


def test_avant_l_aci_2019_aucune_subvention_n_est_connue() -> None:
    assert subvention_pre_projet("84", datetime.date(2019, 1, 1)) is None


def test_une_region_sans_parametre_n_a_pas_de_subvention_connue() -> None:
    assert subvention_pre_projet("52", datetime.date(2021, 6, 1)) is None


def test_un_parametre_regional_sans_reference_est_refuse(tmp_path: Path) -> None:
    fichier = tmp_path / "parametres_regionaux.yaml"
    fichier.write_text(
        "subvention_pre_projet:\n  description: x\n  unite: EUR\n  regions:\n    '84':\n      valeurs:\n"
        "        2019-08-25:\n          valeur: 15000\n",
        encoding="utf-8",
    )
    with pytest.raises(ParametresInvalides, match=r"84\.valeurs\.2019-08-25\.references : au moins une référence"):
        parametres(fichier)
