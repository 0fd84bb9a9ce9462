"""La version du référentiel des communes : ce qu'une clé de cache doit porter pour ne jamais servir des chiffres
d'avant un import (le cache est propre à chaque processus, l'import se fait dans un autre)."""

from django.db.models import F

from cpts.territoires.models import VersionReferentiel

LIGNE = 1


def version_referentiel() -> int:
    numero = VersionReferentiel.objects.filter(pk=LIGNE).values_list("numero", flat=True).first()
    return numero or 0


def nouvelle_version() -> None:
    """Appelée par l'import, dans sa transaction : le numéro change avec les données, jamais avant."""
    VersionReferentiel.objects.get_or_create(pk=LIGNE)
    VersionReferentiel.objects.filter(pk=LIGNE).update(numero=F("numero") + 1)
