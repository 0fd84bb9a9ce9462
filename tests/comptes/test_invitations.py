"""Invitations : jamais plus larges que celui qui invite, un lien signé, gardé haché, à usage unique et daté."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cpts.comptes import invitations
from cpts.comptes.invitations import InvitationRefusee
from cpts.comptes.models import Invitation, Utilisateur
from cpts.comptes.roles import Role
from tests.commission.factories import SiegeFactory
from tests.comptes.factories import UtilisateurFactory
from tests.dossiers.factories import CptsFactory

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "un-mot-de-passe-solide-2026"


def agent_ars() -> Utilisateur:
    return UtilisateurFactory(agent_ars_region=True)


def test_un_agent_ars_invite_un_coordinateur_qui_recoit_exactement_cette_cpts() -> None:
    cpts = CptsFactory()
    _, lien = invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", cpts)
    compte = invitations.accepter_avec_nouveau_compte(lien, "dominique", MOT_DE_PASSE)
    compte.refresh_from_db()
    assert (compte.role, compte.email, list(compte.cpts.all())) == (Role.COORDINATEUR, "dominique@cpts.fr", [cpts])
    assert compte.check_password(MOT_DE_PASSE)


def test_un_agent_ars_n_invite_pas_dans_une_cpts_hors_de_son_perimetre() -> None:
    with pytest.raises(InvitationRefusee, match="périmètre couvre cette CPTS"):
        invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", CptsFactory(hors_region=True))
    assert not Invitation.objects.exists()


def test_un_agent_cpam_n_invite_pas_de_coordinateur() -> None:
    cpam = UtilisateurFactory(agent_cpam_departement=True)
    with pytest.raises(InvitationRefusee):
        invitations.inviter_coordinateur(cpam, "dominique@cpts.fr", CptsFactory())
    assert not Invitation.objects.exists()


def test_le_secretariat_de_la_cpr_invite_un_membre_que_l_acceptation_rattache_au_siege() -> None:
    secretariat = UtilisateurFactory(role=Role.AGENT_CPAM, region="84")
    siege = SiegeFactory()
    _, lien = invitations.inviter_membre_cpr(secretariat, "membre@urps.fr", siege, "suppleant")
    compte = invitations.accepter_avec_nouveau_compte(lien, "membre", MOT_DE_PASSE)
    siege.refresh_from_db()
    assert siege.compte_suppleant == compte
    assert (compte.role, compte.region) == (Role.MEMBRE_CPR, "84")


def test_un_agent_cpam_departemental_n_invite_pas_aux_sieges_de_la_cpr() -> None:
    with pytest.raises(InvitationRefusee, match="secrétariat"):
        invitations.inviter_membre_cpr(
            UtilisateurFactory(agent_cpam_departement=True), "m@urps.fr", SiegeFactory(), "titulaire"
        )
    assert not Invitation.objects.exists()


def test_on_n_invite_pas_a_une_place_de_siege_sans_titulaire_designe() -> None:
    secretariat = UtilisateurFactory(role=Role.AGENT_CPAM, region="84")
    with pytest.raises(InvitationRefusee, match="pas de titulaire désigné"):
        invitations.inviter_membre_cpr(secretariat, "m@urps.fr", SiegeFactory(vacant=True), "titulaire")


def test_seul_un_administrateur_invite_des_agents() -> None:
    with pytest.raises(InvitationRefusee, match="Seul un administrateur"):
        invitations.inviter_agent(agent_ars(), "nouvel.agent@ars.sante.fr", Role.AGENT_ARS, region="84")
    assert not Invitation.objects.exists()
    admin = UtilisateurFactory(administrateur=True)
    _, lien = invitations.inviter_agent(admin, "nouvel.agent@ars.sante.fr", Role.AGENT_CPAM, departements=["69"])
    compte = invitations.accepter_avec_nouveau_compte(lien, "nouvel.agent", MOT_DE_PASSE)
    assert (compte.role, compte.region, compte.departements) == (Role.AGENT_CPAM, "", ["69"])


def test_seule_l_empreinte_du_lien_est_gardee() -> None:
    invitation, lien = invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", CptsFactory())
    clair = lien.split(":")[0]
    assert invitation.empreinte == invitations.empreinte(clair)
    assert clair not in str(Invitation.objects.values().get())


def test_un_lien_falsifie_est_refuse() -> None:
    _, lien = invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", CptsFactory())
    falsifie = ("y" if lien[0] == "x" else "x") + lien[1:]  # un lien tiré au hasard peut commencer par « x »
    with pytest.raises(InvitationRefusee, match="modifié ou mal copié"):
        invitations.accepter_avec_nouveau_compte(falsifie, "dominique", MOT_DE_PASSE)
    assert not Utilisateur.objects.filter(username="dominique").exists()


def test_un_lien_ne_sert_qu_une_fois() -> None:
    _, lien = invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", CptsFactory())
    invitations.accepter_avec_nouveau_compte(lien, "dominique", MOT_DE_PASSE)
    with pytest.raises(InvitationRefusee, match="déjà servi"):
        invitations.accepter_avec_nouveau_compte(lien, "dominique2", MOT_DE_PASSE)
    assert not Utilisateur.objects.filter(username="dominique2").exists()


def test_un_lien_expire_est_refuse() -> None:
    invitation, lien = invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", CptsFactory())
    Invitation.objects.filter(pk=invitation.pk).update(expire_le=timezone.now() - timedelta(minutes=1))
    with pytest.raises(InvitationRefusee, match="a expiré"):
        invitations.lire(lien)


def test_un_mot_de_passe_trop_faible_ne_laisse_ni_compte_ni_invitation_consommee() -> None:
    invitation, lien = invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", CptsFactory())
    with pytest.raises(ValidationError):
        invitations.accepter_avec_nouveau_compte(lien, "dominique", "court")
    assert not Utilisateur.objects.filter(username="dominique").exists()
    invitation.refresh_from_db()
    assert invitation.acceptee_le is None


def test_un_compte_existant_sans_droit_recoit_le_role_de_l_invitation_a_son_adresse() -> None:
    compte = UtilisateurFactory(role="", email="dominique@cpts.fr")
    cpts = CptsFactory()
    _, lien = invitations.inviter_coordinateur(agent_ars(), "Dominique@cpts.fr", cpts)
    invitations.accepter_avec_compte(lien, compte)
    compte.refresh_from_db()
    assert (compte.role, list(compte.cpts.all())) == (Role.COORDINATEUR, [cpts])


def test_une_invitation_ne_s_accepte_pas_avec_le_compte_d_une_autre_adresse() -> None:
    autre = UtilisateurFactory(role="", email="quelqu.un@exemple.fr")
    _, lien = invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", CptsFactory())
    with pytest.raises(InvitationRefusee, match=r"adressée à dominique@cpts\.fr"):
        invitations.accepter_avec_compte(lien, autre)
    autre.refresh_from_db()
    assert autre.role == ""


def test_une_invitation_ne_change_pas_le_role_d_un_compte() -> None:
    agent = UtilisateurFactory(agent_ars_region=True, email="dominique@cpts.fr")
    _, lien = invitations.inviter_coordinateur(agent_ars(), "dominique@cpts.fr", CptsFactory())
    with pytest.raises(InvitationRefusee, match="une invitation n'en change pas"):
        invitations.accepter_avec_compte(lien, agent)
    assert not agent.cpts.exists()
