import pytest
from django.core.exceptions import ValidationError

from cpts.dossiers.siret import siret_valide, valider_siret
from tests.dossiers.factories import SIRET_VALIDE


def test_un_siret_dont_la_cle_de_luhn_est_juste_est_accepte() -> None:
    assert siret_valide(SIRET_VALIDE)


def test_un_siret_presente_avec_des_espaces_est_accepte() -> None:
    valider_siret("782 830 157 00015")


def test_un_siret_dont_un_chiffre_est_faux_est_refuse_par_sa_cle() -> None:
    with pytest.raises(ValidationError, match="la clé de contrôle de « 78283015700016 » est fausse"):
        valider_siret("78283015700016")


@pytest.mark.parametrize("valeur", ["7828301570001", "7828301570001A", "782830157000150"])
def test_un_siret_qui_n_a_pas_quatorze_chiffres_est_refuse(valeur: str) -> None:
    with pytest.raises(ValidationError, match="SIRET : 14 chiffres attendus"):
        valider_siret(valeur)


def test_un_siret_de_la_poste_se_controle_par_la_somme_de_ses_chiffres() -> None:
    assert siret_valide("35600000049837")  # somme des chiffres 45 ; la clé de Luhn, elle, serait fausse
    assert not siret_valide("35600000049838")
