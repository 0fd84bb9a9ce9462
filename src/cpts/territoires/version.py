"""La version du référentiel des communes : ce qu'une clé de cache doit porter pour ne jamais servir des chiffres
d'avant un import (le cache est propre à chaque processus, l'import se fait dans un autre)."""

import secrets

from cpts.preparees import LecturePreparee
from cpts.territoires.models import VersionReferentiel

LIGNE = 1
# Un numéro tiré au hasard plutôt qu'un compteur : une base restaurée d'une sauvegarde (ou d'une autre instance)
# ne peut pas ramener le numéro qu'un processus a gardé pour d'autres données.
NUMERO_MAX = 2**31 - 1


# Relue à chaque résumé, recherche ou ajout du compositeur : une requête préparée.
_NUMERO = LecturePreparee(lambda: VersionReferentiel.objects.filter(pk=LIGNE).values_list("numero")[:1])


def version_referentiel() -> int:
    ligne = _NUMERO.premiere()
    return (ligne[0] if ligne else None) or 0


def nouvelle_version() -> None:
    """Appelée par l'import, dans sa transaction : le numéro change avec les données, jamais avant."""
    ancien = version_referentiel()
    numero = ancien
    while numero in (ancien, 0):
        numero = secrets.randbelow(NUMERO_MAX) + 1
    VersionReferentiel.objects.update_or_create(pk=LIGNE, defaults={"numero": numero})
