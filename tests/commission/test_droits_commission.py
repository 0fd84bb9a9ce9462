"""Les droits sur la commission paritaire régionale, vérifiés au seul point de décision (`cpts.comptes.droits`).

Qui fait quoi :
- le secrétariat (agent CPAM de périmètre régional, coordination régionale de la gestion du risque ; ou
  administrateur) tient la composition, convoque, émarge, ouvre et clôt les scrutins, publie le relevé ;
- un membre de la CPR voit la commission de sa région et vote (pour le siège auquel son compte est rattaché) ;
- le détail des votes (bulletins par siège) n'est vu que des membres et du secrétariat (secret des délibérations) ;
- les autres lisent selon leur périmètre : lecteur national partout, agent ARS de la région ; un agent de périmètre
  départemental et un coordinateur de CPTS ne voient pas la commission.
"""

import pytest

from cpts.commission.models import Commission
from cpts.comptes.droits import Action, autorise, filtrer
from tests.commission.factories import CommissionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

VOIR, SECRETARIAT, VOTER, VOTES = Action.VOIR, Action.SECRETARIAT_CPR, Action.VOTER_CPR, Action.VOIR_VOTES_CPR

# « aura » : la CPR de la région 84 ; « pdl » : celle de la région 52.
TABLE = [
    ("administrateur", "pdl", SECRETARIAT, True),
    ("administrateur", "pdl", VOTES, True),
    ("administrateur", "pdl", VOTER, False),
    ("agent_cpam_region", "aura", VOIR, True),
    ("agent_cpam_region", "aura", SECRETARIAT, True),
    ("agent_cpam_region", "aura", VOTES, True),
    ("agent_cpam_region", "aura", VOTER, False),
    ("agent_cpam_region", "pdl", VOIR, False),
    ("agent_cpam_region", "pdl", SECRETARIAT, False),
    ("agent_cpam_departement", "aura", VOIR, False),
    ("agent_cpam_departement", "aura", SECRETARIAT, False),
    ("agent_ars_region", "aura", VOIR, True),
    ("agent_ars_region", "aura", SECRETARIAT, False),
    ("agent_ars_region", "aura", VOTES, False),
    ("membre_cpr", "aura", VOIR, True),
    ("membre_cpr", "aura", VOTER, True),
    ("membre_cpr", "aura", VOTES, True),
    ("membre_cpr", "aura", SECRETARIAT, False),
    ("membre_cpr", "pdl", VOIR, False),
    ("membre_cpr", "pdl", VOTER, False),
    ("lecteur_national", "pdl", VOIR, True),
    ("lecteur_national", "pdl", VOTES, False),
    ("coordinateur", "aura", VOIR, False),
    ("coordinateur", "aura", VOTES, False),
    ("inactif", "aura", VOIR, False),
]


@pytest.fixture
def commissions(db: None) -> dict[str, Commission]:
    return {"aura": CommissionFactory(region="84"), "pdl": CommissionFactory(region="52")}


def utilisateur(profil: str) -> object:
    if profil == "coordinateur":
        return UtilisateurFactory(cpts=[CptsFactory()])
    if profil == "inactif":
        return UtilisateurFactory(administrateur=True, is_active=False)
    if profil == "lecteur_national":
        return UtilisateurFactory()
    if profil == "agent_cpam_region":
        return UtilisateurFactory(role="agent_cpam", region="84")
    return UtilisateurFactory(**{profil: True})


@pytest.mark.parametrize(("profil", "objet", "action", "attendu"), TABLE)
def test_la_table_des_droits_de_la_commission_est_appliquee_par_le_point_de_decision(
    commissions: dict[str, Commission], profil: str, objet: str, action: Action, attendu: bool
) -> None:
    assert autorise(utilisateur(profil), action, commissions[objet]) is attendu


@pytest.mark.parametrize(("profil", "objet", "action", "attendu"), TABLE)
def test_les_listes_de_commissions_disent_la_meme_chose_que_la_table(
    commissions: dict[str, Commission], profil: str, objet: str, action: Action, attendu: bool
) -> None:
    visibles = filtrer(utilisateur(profil), Commission.objects.all(), action)
    assert (commissions[objet] in visibles) is attendu
