import datetime
from decimal import Decimal

from cpts.dossiers.parametres import subvention_pre_projet


def test_la_subvention_fir_du_pre_projet_est_de_15_000_euros_en_auvergne_rhone_alpes() -> None:
    valeur = subvention_pre_projet("84", datetime.date(2021, 6, 1))
    assert valeur.valeur == Decimal(15000)
    assert valeur.references[0].document == "seeds/001_71a434ab4a804057.txt"


def test_avant_l_aci_2019_aucune_subvention_n_est_connue() -> None:
    assert subvention_pre_projet("84", datetime.date(2019, 1, 1)) is None


def test_une_region_sans_parametre_n_a_pas_de_subvention_connue() -> None:
    assert subvention_pre_projet("52", datetime.date(2021, 6, 1)) is None
