"""La table des droits : (rôle, objet, action) → autorisé ou refusé, vérifiée au seul point de décision."""

import pytest

from cpts.comptes.droits import Action, autorisations, autorise, filtrer
from cpts.dossiers.models import Cpts
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

VOIR, MODIFIER = Action.VOIR, Action.MODIFIER

# Objets : « sienne » = la CPTS du coordinateur, dans le Rhône (69, région 84) ;
# « isere » = une autre CPTS de la région 84 (38) ; « ailleurs » = une CPTS de Loire-Atlantique (44, région 52).
TABLE = [
    ("administrateur", "ailleurs", MODIFIER, True),
    ("lecteur_national", "ailleurs", VOIR, True),
    ("lecteur_national", "sienne", MODIFIER, False),
    ("agent_ars_region", "isere", VOIR, True),
    ("agent_ars_region", "isere", MODIFIER, True),
    ("agent_ars_region", "ailleurs", VOIR, False),
    ("agent_ars_region", "ailleurs", MODIFIER, False),
    ("agent_cpam_departement", "sienne", VOIR, True),
    ("agent_cpam_departement", "sienne", MODIFIER, True),
    ("agent_cpam_departement", "isere", VOIR, False),
    ("agent_cpam_departement", "ailleurs", VOIR, False),
    ("coordinateur", "sienne", VOIR, True),
    ("coordinateur", "sienne", MODIFIER, True),
    ("coordinateur", "isere", VOIR, False),
    ("coordinateur", "ailleurs", MODIFIER, False),
    ("membre_cpr", "isere", VOIR, True),
    ("membre_cpr", "isere", MODIFIER, False),
    ("membre_cpr", "ailleurs", VOIR, False),
    ("inactif", "sienne", VOIR, False),
]


@pytest.fixture
def objets(db: None) -> dict[str, Cpts]:
    return {
        "sienne": CptsFactory(nom="CPTS du coordinateur"),
        "isere": CptsFactory(en_isere=True),
        "ailleurs": CptsFactory(hors_region=True),
    }


def utilisateur(profil: str, objets: dict[str, Cpts]) -> object:
    if profil == "coordinateur":
        return UtilisateurFactory(cpts=[objets["sienne"]])
    if profil == "inactif":
        return UtilisateurFactory(administrateur=True, is_active=False)
    if profil == "lecteur_national":
        return UtilisateurFactory()
    return UtilisateurFactory(**{profil: True})


@pytest.mark.parametrize(("profil", "objet", "action", "attendu"), TABLE)
def test_la_table_des_droits_est_appliquee_par_le_point_de_decision(
    objets: dict[str, Cpts], profil: str, objet: str, action: Action, attendu: bool
) -> None:
    assert autorise(utilisateur(profil, objets), action, objets[objet]) is attendu


@pytest.mark.parametrize(("profil", "objet", "action", "attendu"), TABLE)
def test_les_listes_filtrees_disent_la_meme_chose_que_la_table(
    objets: dict[str, Cpts], profil: str, objet: str, action: Action, attendu: bool
) -> None:
    visibles = filtrer(utilisateur(profil, objets), Cpts.objects.all(), action)
    assert (objets[objet] in visibles) is attendu


@pytest.mark.parametrize(("profil", "objet", "action", "attendu"), TABLE)
def test_les_droits_d_une_page_disent_la_meme_chose_que_la_table(
    objets: dict[str, Cpts], profil: str, objet: str, action: Action, attendu: bool
) -> None:
    droits = autorisations(utilisateur(profil, objets), objets[objet], list(Action))
    assert droits[action] is attendu


def test_les_droits_d_une_page_coutent_une_requete_par_portee_et_aucune_pour_celle_deja_exigee(
    objets: dict[str, Cpts], django_assert_num_queries: object
) -> None:
    agent = UtilisateurFactory(agent_ars_region=True)
    actions = [Action.VOIR, Action.MODIFIER, Action.INSTRUIRE, Action.SUIVRE_CONTRAT, Action.PAYER]
    with django_assert_num_queries(1):
        assert autorisations(agent, objets["isere"], actions) == {
            Action.VOIR: True,
            Action.MODIFIER: True,
            Action.INSTRUIRE: True,
            Action.SUIVRE_CONTRAT: True,
            Action.PAYER: False,
        }
    with django_assert_num_queries(0):
        assert autorisations(agent, objets["isere"], actions, acquises=[Action.VOIR])[Action.INSTRUIRE] is True


def test_un_visiteur_anonyme_ne_voit_aucune_cpts(objets: dict[str, Cpts]) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not Cpts.objects.visibles_par(AnonymousUser()).exists()


def test_un_agent_sans_perimetre_ne_voit_rien(objets: dict[str, Cpts]) -> None:
    agent = UtilisateurFactory(role="agent_ars", region="", departements=[])
    assert not Cpts.objects.visibles_par(agent).exists()
