"""Qui est la personne qu'un fournisseur OpenID Connect vient d'authentifier ? La règle de rattachement des comptes.

1. Le fournisseur doit garantir l'adresse électronique (`email_verified`, lu selon la règle réglée pour lui) : sans
   cela, rien n'est lu ni écrit.
2. Une identité déjà liée (même fournisseur, même identifiant stable `sub`) désigne son compte.
3. Sinon, un compte actif dont l'adresse est exactement celle-ci (casse ignorée), et un seul, est lié.
4. Aucun compte n'est créé ici : sans invitation ni compte ouvert par un administrateur, la personne n'a aucun droit.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpts.comptes.models import IdentiteExterne, Utilisateur


class ConnexionRefusee(ValidationError):
    pass


class CompteInconnu(ConnexionRefusee):
    pass


@dataclass(frozen=True)
class Identite:
    """Ce qu'un fournisseur dit de la personne, une fois le jeton d'identité vérifié."""

    fournisseur: str
    nom_fournisseur: str
    sujet: str
    email: str
    email_verifie: bool


def adresse_certifiee(declaration: object, regle: str) -> bool:
    """La déclaration `email_verified` d'un fournisseur lue selon sa règle (`OIDC_FOURNISSEURS[…]["email_verifie"]`) :
    « exige » demande un vrai explicite ; « garanti » accepte son absence, jamais un faux."""
    if regle == "garanti":
        return declaration is None or declaration is True
    return declaration is True


def rattacher(identite: Identite) -> Utilisateur:
    """Le compte de la plateforme de cette identité ; refuse (sans rien écrire) par une `ConnexionRefusee`."""
    if not identite.email or identite.email_verifie is not True:
        raise ConnexionRefusee(
            f"{identite.nom_fournisseur} n'a pas confirmé que l'adresse électronique de ce compte vous appartient : "
            "la connexion est refusée. Faites vérifier votre adresse auprès de votre fournisseur d'identité, ou "
            "connectez-vous avec votre identifiant et votre mot de passe."
        )
    lien = (
        IdentiteExterne.objects.select_related("utilisateur")
        .filter(fournisseur=identite.fournisseur, sujet=identite.sujet)
        .first()
    )
    utilisateur = lien.utilisateur if lien else _compte_par_adresse(identite)
    if not utilisateur.is_active:
        raise ConnexionRefusee("Ce compte est désactivé : adressez-vous à un administrateur de la plateforme.")
    with transaction.atomic():
        if lien is None:
            lien = IdentiteExterne.objects.create(
                utilisateur=utilisateur, fournisseur=identite.fournisseur, sujet=identite.sujet, email=identite.email
            )
        IdentiteExterne.objects.filter(pk=lien.pk).update(derniere_connexion=timezone.now())
    return utilisateur


def _compte_par_adresse(identite: Identite) -> Utilisateur:
    comptes = list(Utilisateur.objects.filter(email__iexact=identite.email)[:2])
    if not comptes:
        raise CompteInconnu(
            f"Vous êtes bien authentifié par {identite.nom_fournisseur}, mais aucun compte de la plateforme ne "
            f"correspond à l'adresse {identite.email} : vous n'avez encore aucun droit. Demandez une invitation à "
            "l'ARS de votre région (coordinateurs de CPTS), au secrétariat de la commission paritaire régionale "
            "(membres de la CPR) ou à un administrateur de la plateforme (agents)."
        )
    if len(comptes) > 1:
        raise ConnexionRefusee(
            f"Plusieurs comptes de la plateforme portent l'adresse {identite.email} : la connexion par "
            f"{identite.nom_fournisseur} ne peut pas choisir. Un administrateur doit corriger ces comptes."
        )
    return comptes[0]
