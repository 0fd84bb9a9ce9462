"""La version des valeurs d'indicateurs : ce que la clé d'un profil gardé en cache porte pour ne jamais servir des
chiffres d'avant un import (le cache est propre à chaque processus, l'import se fait dans un autre)."""

import secrets

from django.db import connection

from cpts.diagnostic.models import VersionIndicateurs
from cpts.territoires import version as version_du_referentiel
from cpts.territoires.models import VersionReferentiel
from cpts.territoires.version import NUMERO_MAX

LIGNE = 1


def version_indicateurs() -> int:
    numero = VersionIndicateurs.objects.filter(pk=LIGNE).values_list("numero", flat=True).first()
    return numero or 0


def nouvelle_version() -> None:
    """Appelée après l'écriture des valeurs, dans la même transaction : tirée au hasard, comme celle du référentiel,
    pour qu'une base restaurée ne ramène pas un numéro qu'un processus garde pour d'autres données."""
    ancien = version_indicateurs()
    numero = ancien
    while numero in (ancien, 0):
        numero = secrets.randbelow(NUMERO_MAX) + 1
    VersionIndicateurs.objects.update_or_create(pk=LIGNE, defaults={"numero": numero})


def versions() -> tuple[int, int]:
    """Les versions du référentiel et des valeurs d'indicateurs, en une requête (la seule d'un profil déjà gardé)."""
    requete = "SELECT ({}), ({})".format(
        *(
            f"SELECT numero FROM {modele._meta.db_table} WHERE id = %s"
            for modele in (VersionReferentiel, VersionIndicateurs)
        )
    )
    with connection.cursor() as curseur:
        curseur.execute(requete, [version_du_referentiel.LIGNE, LIGNE])
        referentiel, indicateurs = curseur.fetchone()
    return referentiel or 0, indicateurs or 0
