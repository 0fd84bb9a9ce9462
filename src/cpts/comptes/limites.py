"""Limiter les demandes de réinitialisation du mot de passe, par adresse et par poste, sur une fenêtre d'une heure.

Sans limite, le formulaire enverrait des courriels à volonté (à une victime, ou pour sonder les adresses). La même
limite s'applique qu'un compte existe ou non : la réponse ne dit rien de plus. Les compteurs sont dans le cache de
Django (par processus avec le cache en mémoire par défaut : la limite vaut alors par processus de gunicorn).
"""

import hashlib

from django.core.cache import cache

FENETRE_SECONDES = 3600
PAR_ADRESSE = 3
PAR_POSTE = 10
MESSAGE = (
    "Trop de demandes de réinitialisation pour cette adresse ou depuis ce poste : réessayez dans une heure, "
    "ou écrivez à l'administrateur de la plateforme."
)


def _cles(adresse: str, poste: str | None) -> list[tuple[str, int]]:
    # L'adresse n'est gardée qu'en empreinte : le cache ne conserve pas de donnée personnelle en clair.
    empreinte = hashlib.sha256(adresse.strip().lower().encode()).hexdigest()
    return [(f"reinitialisation:adresse:{empreinte}", PAR_ADRESSE), (f"reinitialisation:poste:{poste}", PAR_POSTE)]


def accepter_demande(adresse: str, poste: str | None) -> bool:
    """Compte la demande et dit si elle passe ; une demande refusée ne compte pas."""
    cles = _cles(adresse, poste)
    if any(cache.get(cle, 0) >= limite for cle, limite in cles):
        return False
    for cle, _ in cles:
        cache.add(cle, 0, FENETRE_SECONDES)
        cache.incr(cle)
    return True
