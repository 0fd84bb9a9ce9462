"""Jetons personnels d'API : créés et révoqués par leur titulaire, gardés haché, avec une date d'expiration."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from cpts.comptes.models import JetonApi, Utilisateur
from cpts.preparees import LecturePreparee, Parametre, champs, instance

PREFIXE = "cpts_"
DUREE_PAR_DEFAUT = timedelta(days=90)
DUREE_MAXIMALE = timedelta(days=365)


def empreinte(jeton: str) -> str:
    # Un jeton aléatoire de 256 bits n'a pas besoin d'un hachage lent : SHA-256 suffit et reste indexable.
    return hashlib.sha256(jeton.encode()).hexdigest()


def creer(utilisateur: Utilisateur, nom: str, duree: timedelta = DUREE_PAR_DEFAUT) -> tuple[JetonApi, str]:
    """Le jeton en clair n'est rendu qu'ici, une seule fois."""
    if not nom.strip():
        raise ValueError("Donnez un nom au jeton.")
    if not timedelta(days=1) <= duree <= DUREE_MAXIMALE:
        raise ValueError("Un jeton vaut de 1 à 365 jours.")
    clair = PREFIXE + secrets.token_urlsafe(32)
    jeton = JetonApi.objects.create(
        utilisateur=utilisateur,
        nom=nom.strip(),
        prefixe=clair[:12],
        empreinte=empreinte(clair),
        expire_le=timezone.now() + duree,
    )
    return jeton, clair


# Lue à chaque appel de l'API : une requête préparée (le jeton valide et son titulaire, d'une jointure).
_JETON_VALIDE = LecturePreparee(
    lambda: JetonApi.objects.filter(
        empreinte=Parametre("empreinte", JetonApi._meta.get_field("empreinte")),
        revoque_le__isnull=True,
        expire_le__gt=Parametre("maintenant", JetonApi._meta.get_field("expire_le")),
    ).values_list("pk", "dernier_usage", *champs(Utilisateur, "utilisateur__"))[:1]
)


def authentifier(clair: str) -> Utilisateur | None:
    maintenant = timezone.now()
    ligne = _JETON_VALIDE.premiere(empreinte=empreinte(clair), maintenant=maintenant)
    if ligne is None:
        return None
    pk, dernier_usage, *valeurs = ligne
    utilisateur = instance(Utilisateur, valeurs)
    if not utilisateur.is_active:
        return None
    # Une écriture par minute au plus : l'API ne doit pas écrire en base à chaque lecture.
    if dernier_usage is None or maintenant - dernier_usage > timedelta(minutes=1):
        JetonApi.objects.filter(pk=pk).update(dernier_usage=maintenant)
    return utilisateur


# La liste de la page des jetons, la plus petite page d'un utilisateur connecté : préparée comme les lectures de chaque
# requête (sa compilation par l'ORM coûtait plus que son exécution). Du plus récent au plus ancien.
_JETONS_DU_COMPTE = LecturePreparee(
    lambda: (
        JetonApi.objects.filter(utilisateur_id=Parametre("utilisateur", Utilisateur._meta.pk))
        .order_by("-cree_le", "-pk")
        .values_list(*champs(JetonApi))
    )
)


def du_compte(utilisateur: Utilisateur) -> list[JetonApi]:
    return [instance(JetonApi, ligne) for ligne in _JETONS_DU_COMPTE.lignes(utilisateur=utilisateur.pk)]


def revoquer(utilisateur: Utilisateur, pk: int) -> bool:
    return bool(JetonApi.objects.filter(utilisateur=utilisateur, pk=pk).revoquer())
