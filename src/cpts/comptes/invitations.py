"""Invitations : qui peut inviter qui, avec quel rôle et quel périmètre, et l'acceptation d'un lien à usage unique.

- Un agent ARS invite un coordinateur dans une CPTS de son périmètre.
- Le secrétariat de la CPR (agent CPAM régional) invite un membre à un siège de sa commission.
- Un administrateur invite des agents ARS ou CPAM (et peut faire les deux invitations précédentes).

Jamais plus large que celui qui invite : la CPTS ou le siège doivent être dans son périmètre, vérifié par
`cpts.comptes.droits` comme partout. Le lien porte un jeton aléatoire signé (un lien modifié est refusé avant
toute lecture) ; la base n'en garde que l'empreinte ; il sert une fois, avant sa date d'expiration.
"""

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from cpts.comptes.droits import Action, autorise, role_de
from cpts.comptes.identites import Identite
from cpts.comptes.models import IdentiteExterne, Invitation, PlaceSiege, Utilisateur
from cpts.comptes.roles import ROLES_AGENT, Role
from cpts.notifications.enums import TypeCourriel
from cpts.notifications.models import Courriel
from cpts.notifications.services import programmer

SEL = "cpts.comptes.invitation"


class InvitationRefusee(ValidationError):
    pass


def empreinte(clair: str) -> str:
    return hashlib.sha256(clair.encode()).hexdigest()


# Qui invite


def peut_inviter_coordinateurs(inviteur: Utilisateur) -> bool:
    return role_de(inviteur) in (Role.ADMINISTRATEUR, Role.AGENT_ARS)


def peut_inviter_membres_cpr(inviteur: Utilisateur) -> bool:
    role = role_de(inviteur)
    return role == Role.ADMINISTRATEUR or (role == Role.AGENT_CPAM and bool(inviteur.region))


def peut_inviter_agents(inviteur: Utilisateur) -> bool:
    return role_de(inviteur) == Role.ADMINISTRATEUR


def inviter_coordinateur(inviteur: Utilisateur, email: str, cpts: Any) -> tuple[Invitation, str]:
    if not (peut_inviter_coordinateurs(inviteur) and autorise(inviteur, Action.INSTRUIRE, cpts)):
        raise InvitationRefusee(
            "Seul un agent ARS dont le périmètre couvre cette CPTS (ou un administrateur) y invite un coordinateur."
        )
    return _creer(inviteur, email, role=Role.COORDINATEUR, cpts=cpts)


def inviter_membre_cpr(inviteur: Utilisateur, email: str, siege: Any, place: str) -> tuple[Invitation, str]:
    if not (peut_inviter_membres_cpr(inviteur) and autorise(inviteur, Action.SECRETARIAT_CPR, siege)):
        raise InvitationRefusee(
            "Seul le secrétariat de cette commission (agent CPAM régional) ou un administrateur invite à ses sièges."
        )
    if place not in PlaceSiege.values:
        raise InvitationRefusee("Choisissez la place : titulaire ou suppléant.")
    if not getattr(siege, f"{place}_designe"):
        raise InvitationRefusee(f"Ce siège n'a pas de {PlaceSiege(place).label} désigné : désignez-le d'abord.")
    region = siege.composition.commission.region
    return _creer(inviteur, email, role=Role.MEMBRE_CPR, region=region, siege=siege, place=place)


def inviter_agent(
    inviteur: Utilisateur, email: str, role: str, region: str = "", departements: list[str] | None = None
) -> tuple[Invitation, str]:
    if not peut_inviter_agents(inviteur):
        raise InvitationRefusee("Seul un administrateur de la plateforme invite des agents ARS ou CPAM.")
    if role not in ROLES_AGENT:
        raise InvitationRefusee("Un administrateur invite ici des agents ARS ou CPAM.")
    departements = departements or []
    if bool(region) == bool(departements):
        raise InvitationRefusee("Choisissez un seul périmètre : la région entière ou des départements.")
    return _creer(inviteur, email, role=role, region=region, departements=departements)


def _creer(inviteur: Utilisateur, email: str, **droits: Any) -> tuple[Invitation, str]:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationRefusee(f"« {email} » n'est pas une adresse électronique valide.") from None
    clair = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        empreinte=empreinte(clair),
        invite_par=inviteur,
        expire_le=timezone.now() + settings.INVITATION_DUREE,
        **droits,
    )
    return invitation, signing.TimestampSigner(salt=SEL).sign(clair)


def envoyer(invitation: Invitation, lien: str) -> Courriel:
    """Programme le courriel d'invitation dans la file (journal, essais) : à appeler dans la transaction qui crée
    l'invitation, pour que l'une n'existe jamais sans l'autre. Une invitation ne se désabonne pas."""
    inviteur = invitation.invite_par
    return programmer(
        type_courriel=TypeCourriel.INVITATION,
        cle=f"invitation:{invitation.pk}",
        sujet="Invitation à rejoindre Pilotage CPTS",
        gabarit="courriels/invitation",
        contexte={
            "inviteur": inviteur.get_full_name() or inviteur.get_username(),
            "role": invitation.get_role_display().lower(),
            "perimetre": perimetre_lisible(invitation),
            "expire_le": invitation.expire_le,
            "lien": lien,
        },
        adresse=invitation.email,
        objet=invitation,
    )


def courriels_de(envoyees: list[Invitation]) -> dict[int, Courriel]:
    """Le courriel de chaque invitation, pour dire à celui qui invite s'il est parti (un échec n'est pas muet)."""
    cles = {f"invitation:{invitation.pk}": invitation.pk for invitation in envoyees}
    return {cles[courriel.cle]: courriel for courriel in Courriel.objects.filter(cle__in=cles)}


def perimetre_lisible(invitation: Invitation) -> str:
    if invitation.cpts_id:
        return f"CPTS {invitation.cpts}"
    if invitation.siege_id:
        return f"{PlaceSiege(invitation.place).label} du siège {invitation.siege.organisation or invitation.siege}"
    if invitation.departements:
        return "départements " + ", ".join(invitation.departements)
    return f"région {invitation.region}"


# Qui accepte


def lire(lien: str) -> Invitation:
    """L'invitation d'un lien encore valable ; sinon une `InvitationRefusee` qui dit pourquoi."""
    try:
        clair = signing.TimestampSigner(salt=SEL).unsign(lien, max_age=settings.INVITATION_DUREE)
    except signing.SignatureExpired:
        raise InvitationRefusee(_EXPIREE) from None
    except signing.BadSignature:
        raise InvitationRefusee(
            "Ce lien d'invitation n'est pas valide : il a été modifié ou mal copié. Ouvrez le lien reçu par courriel."
        ) from None
    invitation = Invitation.objects.select_related("invite_par", "cpts", "siege").filter(empreinte=empreinte(clair))
    return _valable(invitation.first())


_EXPIREE = "Ce lien d'invitation a expiré : demandez une nouvelle invitation à la personne qui vous l'a envoyée."


def _valable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise InvitationRefusee("Cette invitation n'existe pas ou a été retirée.")
    if invitation.acceptee_le is not None:
        raise InvitationRefusee("Ce lien d'invitation a déjà servi : il ne s'utilise qu'une fois.")
    if invitation.expire_le <= timezone.now():
        raise InvitationRefusee(_EXPIREE)
    return invitation


def accepter_avec_nouveau_compte(lien: str, identifiant: str, mot_de_passe: str) -> Utilisateur:
    """Crée le compte de la personne invitée, avec exactement le rôle et le périmètre de l'invitation."""
    with transaction.atomic():
        invitation = _verrouiller(lien)
        if Utilisateur.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationRefusee(
                f"Un compte existe déjà pour {invitation.email} : connectez-vous avec lui, puis rouvrez le lien."
            )
        if Utilisateur.objects.filter(username__iexact=identifiant).exists():
            raise InvitationRefusee(f"L'identifiant « {identifiant} » est déjà pris : choisissez-en un autre.")
        utilisateur = Utilisateur(username=identifiant, email=invitation.email)
        validate_password(mot_de_passe, utilisateur)
        utilisateur.set_password(mot_de_passe)
        utilisateur.save()
        _accorder(invitation, utilisateur)
        return utilisateur


def accepter_avec_compte(lien: str, utilisateur: Utilisateur) -> Utilisateur:
    """Ajoute à un compte existant, celui de l'adresse invitée, le rôle et le périmètre de l'invitation."""
    with transaction.atomic():
        invitation = _verrouiller(lien)
        if utilisateur.email.lower() != invitation.email.lower():
            raise InvitationRefusee(
                f"Cette invitation est adressée à {invitation.email} : connectez-vous avec le compte de cette adresse."
            )
        utilisateur = Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
        _accorder(invitation, utilisateur)
        return utilisateur


def accepter_par_identite(lien: str, identite: Identite) -> Utilisateur:
    """La personne invitée, sans compte, s'est authentifiée chez un fournisseur OpenID Connect : son compte naît de
    l'invitation (sans mot de passe), lié à cette identité, si le fournisseur certifie l'adresse invitée."""
    with transaction.atomic():
        invitation = _verrouiller(lien)
        if identite.email_verifie is not True or identite.email.lower() != invitation.email.lower():
            raise InvitationRefusee(
                f"Cette invitation est adressée à {invitation.email}, mais {identite.nom_fournisseur} ne certifie pas "
                "cette adresse pour vous : connectez-vous avec le compte de cette adresse."
            )
        if Utilisateur.objects.filter(username__iexact=identite.email).exists():
            raise InvitationRefusee(
                f"L'identifiant « {identite.email} » est déjà pris : adressez-vous à un administrateur."
            )
        utilisateur = Utilisateur(username=identite.email.lower(), email=invitation.email)
        utilisateur.set_unusable_password()
        utilisateur.save()
        _accorder(invitation, utilisateur)
        IdentiteExterne.objects.create(
            utilisateur=utilisateur,
            fournisseur=identite.fournisseur,
            sujet=identite.sujet,
            email=identite.email,
            derniere_connexion=timezone.now(),
        )
        return utilisateur


def _verrouiller(lien: str) -> Invitation:
    # La ligne est relue verrouillée : deux acceptations simultanées du même lien n'en font qu'une.
    invitation = lire(lien)
    return _valable(Invitation.objects.select_for_update().filter(pk=invitation.pk).first())


def _accorder(invitation: Invitation, utilisateur: Utilisateur) -> None:
    if utilisateur.role and utilisateur.role != invitation.role:
        raise InvitationRefusee(
            f"Ce compte a déjà le rôle « {utilisateur.get_role_display()} » : une invitation n'en change pas. "
            "Adressez-vous à un administrateur."
        )
    if utilisateur.role in ROLES_AGENT:
        # Un agent a déjà son périmètre : une invitation ne l'élargit pas.
        raise InvitationRefusee("Ce compte d'agent a déjà son périmètre : adressez-vous à un administrateur.")
    if invitation.role == Role.MEMBRE_CPR and utilisateur.region and utilisateur.region != invitation.region:
        raise InvitationRefusee("Ce compte siège déjà dans la commission d'une autre région.")
    utilisateur.role = invitation.role
    utilisateur.region = invitation.region or utilisateur.region
    utilisateur.departements = invitation.departements or utilisateur.departements
    utilisateur.full_clean(exclude=["password"])
    utilisateur.save()
    if invitation.cpts_id:
        utilisateur.cpts.add(invitation.cpts)
    if invitation.siege_id:
        # Le siège se modifie par la relation, sans importer la commission (couche au-dessus des comptes).
        siege = invitation.siege
        setattr(siege, f"compte_{invitation.place}", utilisateur)
        siege.full_clean()
        siege.save()
    Invitation.objects.filter(pk=invitation.pk).update(acceptee_le=timezone.now(), compte=utilisateur)
