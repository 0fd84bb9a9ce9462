"""Un texte entre en vigueur le lendemain de sa publication au JO, sauf clause contraire qu'il faut
citer ; une année de contrat à cheval sur deux textes le dit sur chaque versement."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cpts.regles import (
    Contrat,
    ParametresInvalides,
    avertissements_echeancier,
    echeancier,
    montants_annuels,
    referentiel,
)
from cpts.regles.parametres import DOSSIER_PARAMETRES, charger


@pytest.mark.parametrize(
    ("le", "texte"),
    [
        pytest.param(date(2022, 3, 30), "aci-2019", id="30-03-2022"),
        pytest.param(date(2022, 3, 31), "aci-2019", id="31-03-2022-jour-de-publication"),
        pytest.param(date(2022, 4, 1), "avenant-2", id="01-04-2022-lendemain"),
    ],
)
def test_l_avenant_2_s_applique_au_lendemain_de_sa_publication(le: date, texte: str) -> None:
    assert montants_annuels(le, 1, ["acces"]).texte == texte


def test_chaque_texte_livre_entre_en_vigueur_le_lendemain_de_sa_publication_au_jo() -> None:
    for texte in referentiel().textes:
        assert texte.jorf, texte.code
        assert texte.publie_le is not None, texte.code
        assert texte.en_vigueur_le == texte.publie_le + timedelta(days=1), texte.code


def copie(tmp_path: Path, avant: str, apres: str) -> Path:
    for fichier in DOSSIER_PARAMETRES.glob("*.yaml"):
        contenu = fichier.read_text("utf-8")
        (tmp_path / fichier.name).write_text(contenu.replace(avant, apres, 1), "utf-8")
    return tmp_path


def test_une_autre_date_d_entree_en_vigueur_sans_la_clause_qui_la_fixe_est_refusee(tmp_path: Path) -> None:
    dossier = copie(tmp_path, "  publie_le: 2022-03-31\n", "  publie_le: 2022-03-31\n  en_vigueur_le: 2022-03-31\n")

    with pytest.raises(ParametresInvalides, match=r"lendemain de sa publication \(2022-04-01\)"):
        charger(dossier)


def test_une_autre_date_d_entree_en_vigueur_est_admise_avec_la_clause_du_texte(tmp_path: Path) -> None:
    dossier = copie(
        tmp_path,
        "  publie_le: 2022-03-31\n",
        "  publie_le: 2022-03-31\n  en_vigueur_le: 2022-05-01\n  derogation: article 99 (fictif)\n",
    )
    dossier.joinpath("avenant-2.yaml").write_text(
        dossier.joinpath("avenant-2.yaml").read_text("utf-8").replace("2022-04-01:", "2022-05-01:"), "utf-8"
    )

    assert charger(dossier).texte("avenant-2").en_vigueur_le == date(2022, 5, 1)


# Contrat signé en 2021 : année 1 du 01/09/2021 au 01/09/2022, à cheval sur le 01/04/2022
CONTRAT_2021 = Contrat(date(2021, 9, 1), 2, {"acces": date(2021, 9, 1)})


def test_un_contrat_de_2021_garde_les_montants_de_l_aci_2019_pour_l_annee_a_cheval() -> None:
    versements = echeancier(CONTRAT_2021)

    fixes = {(v.annee_contrat, v.texte, v.base) for v in versements if (v.mission, v.volet) == ("acces", "fixe")}
    assert (1, "aci-2019", Decimal("17500.00")) in fixes
    assert (2, "avenant-2", Decimal("70000.00")) in fixes


def test_chaque_versement_de_l_annee_a_cheval_dit_qu_il_repose_sur_notre_lecture() -> None:
    versements = echeancier(CONTRAT_2021)

    assert all("à cheval" in v.lecture and "Notre lecture" in v.lecture for v in versements if v.annee_contrat == 1)
    assert not any(v.lecture for v in versements if v.annee_contrat > 1)
    assert any("à cheval" in phrase for phrase in avertissements_echeancier(CONTRAT_2021))


def test_chaque_versement_nomme_le_texte_qui_fixe_son_montant() -> None:
    assert {v.texte for v in echeancier(CONTRAT_2021)} == {"aci-2019", "avenant-2"}
