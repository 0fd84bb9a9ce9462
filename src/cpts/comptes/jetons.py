"""Jetons personnels d'API : créés et révoqués par leur titulaire, gardés haché, avec une date d'expiration."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from cpts.comptes.models import JetonApi, Utilisateur

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


def authentifier(clair: str) -> Utilisateur | None:
    maintenant = timezone.now()
    jeton = (
        JetonApi.objects.select_related("utilisateur")
        .filter(empreinte=empreinte(clair), revoque_le__isnull=True, expire_le__gt=maintenant)
        .first()
    )
    if jeton is None or not jeton.utilisateur.is_active:
        return None
    # Une écriture par minute au plus : l'API ne doit pas écrire en base à chaque lecture.
    if jeton.dernier_usage is None or maintenant - jeton.dernier_usage > timedelta(minutes=1):
        JetonApi.objects.filter(pk=jeton.pk).update(dernier_usage=maintenant)
    return jeton.utilisateur


def revoquer(utilisateur: Utilisateur, pk: int) -> bool:
    return bool(JetonApi.objects.filter(utilisateur=utilisateur, pk=pk).revoquer())
