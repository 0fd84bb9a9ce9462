"""La règle de rattachement d'une identité OpenID Connect à un compte : adresse vérifiée, puis identifiant stable."""

import pytest

from cpts.comptes.identites import CompteInconnu, ConnexionRefusee, Identite, adresse_certifiee, rattacher
from cpts.comptes.models import IdentiteExterne
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def identite(email: str = "camille@ars.sante.fr", sujet: str = "sujet-1", email_verifie: bool = True) -> Identite:
    return Identite("proconnect", "ProConnect", sujet, email, email_verifie)


def test_une_adresse_verifiee_lie_le_compte_qui_la_porte_casse_ignoree() -> None:
    agent = UtilisateurFactory(email="Camille@ARS.sante.fr")
    assert rattacher(identite()) == agent
    assert IdentiteExterne.objects.get().utilisateur == agent


def test_une_identite_deja_liee_retrouve_son_compte_meme_si_l_adresse_a_change_chez_le_fournisseur() -> None:
    agent = UtilisateurFactory(email="camille@ars.sante.fr")
    rattacher(identite())
    agent.email = "ancienne@ars.sante.fr"
    agent.save()
    assert rattacher(identite(email="nouvelle@ars.sante.fr")) == agent


def test_une_adresse_non_verifiee_est_refusee_meme_pour_une_identite_deja_liee() -> None:
    UtilisateurFactory(email="camille@ars.sante.fr")
    rattacher(identite())
    with pytest.raises(ConnexionRefusee, match="n'a pas confirmé"):
        rattacher(identite(email_verifie=False))


def test_une_adresse_inconnue_ne_cree_rien() -> None:
    with pytest.raises(CompteInconnu, match="aucun droit"):
        rattacher(identite())
    assert not IdentiteExterne.objects.exists()


def test_deux_comptes_de_meme_adresse_ne_sont_pas_departages_au_hasard() -> None:
    UtilisateurFactory(email="camille@ars.sante.fr")
    UtilisateurFactory(email="CAMILLE@ars.sante.fr")
    with pytest.raises(ConnexionRefusee, match="Plusieurs comptes"):
        rattacher(identite())
    assert not IdentiteExterne.objects.exists()


def test_un_compte_desactive_n_est_pas_lie() -> None:
    UtilisateurFactory(email="camille@ars.sante.fr", is_active=False)
    with pytest.raises(ConnexionRefusee, match="désactivé"):
        rattacher(identite())
    assert not IdentiteExterne.objects.exists()


@pytest.mark.parametrize(
    ("declaration", "regle", "certifiee"),
    [
        (True, "exige", True),
        (None, "exige", False),
        ("true", "exige", False),
        (False, "exige", False),
        (None, "garanti", True),
        (True, "garanti", True),
        (False, "garanti", False),
    ],
)
def test_la_declaration_email_verified_se_lit_selon_la_regle_du_fournisseur(
    declaration: object, regle: str, certifiee: bool
) -> None:
    assert adresse_certifiee(declaration, regle) is certifiee
