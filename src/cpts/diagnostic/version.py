"""La version des valeurs d'indicateurs : ce que la clé d'un profil gardé en cache porte pour ne jamais servir des
chiffres d'avant un import (le cache est propre à chaque processus, l'import se fait dans un autre) ; avec elle,
l'empreinte des CPTS, dont dépend la répartition des CPTS d'un département."""

import secrets

from django.db import connection

from cpts.diagnostic.models import VersionIndicateurs
from cpts.dossiers.models import Cpts
from cpts.territoires import version as version_du_referentiel
from cpts.territoires.models import VersionReferentiel
from cpts.territoires.version import NUMERO_MAX

LIGNE = 1


def version_indicateurs() -> int:
    numero = VersionIndicateurs.objects.filter(pk=LIGNE).values_list("numero", flat=True).first()
    return numero or 0


def nouvelle_version(seuil: int) -> None:
    """Appelée après l'écriture des valeurs et leur masquage complémentaire sous `seuil`, dans la même transaction :
    tirée au hasard, comme celle du référentiel, pour qu'une base restaurée ne ramène pas un numéro qu'un processus
    garde pour d'autres données."""
    ancien = version_indicateurs()
    numero = ancien
    while numero in (ancien, 0):
        numero = secrets.randbelow(NUMERO_MAX) + 1
    VersionIndicateurs.objects.update_or_create(pk=LIGNE, defaults={"numero": numero, "seuil": seuil})


def seuil_des_masques() -> int | None:
    """Le seuil sous lequel le masquage complémentaire a été calculé ; None avant le premier import."""
    return VersionIndicateurs.objects.filter(pk=LIGNE).values_list("seuil", flat=True).first()


def versions() -> tuple[int, int, str, int | None]:
    """Les versions du référentiel et des valeurs d'indicateurs, l'empreinte des CPTS et le seuil du masquage
    complémentaire, en une requête (la seule d'un profil déjà gardé). L'empreinte (nombre, plus grand identifiant,
    somme des révisions) change quand une CPTS est créée, supprimée ou enregistrée, donc déplacée dans un autre
    département."""
    versions_ = (
        f"SELECT numero FROM {modele._meta.db_table} WHERE id = %s"
        for modele in (VersionReferentiel, VersionIndicateurs)
    )
    table = Cpts._meta.db_table
    requete = "SELECT ({}), ({}), ".format(*versions_) + (
        f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(id) FROM {table}), (SELECT SUM(revision) FROM {table}), "
        f"(SELECT seuil FROM {VersionIndicateurs._meta.db_table} WHERE id = %s)"
    )
    with connection.cursor() as curseur:
        curseur.execute(requete, [version_du_referentiel.LIGNE, LIGNE, LIGNE])
        referentiel, indicateurs, nombre, dernier, revisions, seuil = curseur.fetchone()
    return referentiel or 0, indicateurs or 0, f"{nombre}.{dernier or 0}.{revisions or 0}", seuil
