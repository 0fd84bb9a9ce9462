"""Les tableaux nationaux gardés en cache par processus, sous la version des données du déploiement et celle du
référentiel des communes.

Un tableau « à une date » (état des lieux, couverture par région ou par département) ne dépend que de sa date, des
projets (étape, dates, département, région), de leurs décisions d'étape, de leurs territoires et du référentiel. Toute
écriture de l'un d'eux change la version du déploiement dans sa transaction (`donnees_changees`, branchée sur les
enregistrements et suppressions de ces modèles par `TerritoiresConfig.ready`) ; un import des communes change celle
du référentiel ; une restauration ramène les versions sauvegardées avec les données qu'elles numérotaient. La clé d'un
tableau porte les deux versions, relues en une requête à chaque lecture : aucun processus ne sert un tableau d'avant
une écriture faite ailleurs. Le tableau à une date passée est lui aussi recalculé après une écriture : ses faits datés
restent lus en base, tels qu'ils étaient ce jour-là.

Le tableau de bord d'une région garde de même ce qu'il montre (état des lieux, contrats signés, paiements versés,
leurs graphiques, alertes et décisions), sous `cle` : il lit en plus les contrats, leurs versements et leur état
calculé ; toute écriture qui périme cet état (`cpts.contrats.peremption.perimer`, appelée par les signaux de chaque
modèle qu'il lit et par les écritures en masse) change aussi la version.
"""

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Value, When

from cpts.preparees import LecturePreparee
from cpts.territoires.models import VersionDeploiement, VersionReferentiel
from cpts.territoires.version import LIGNE, NUMERO_MAX

# La durée ne fait que libérer la mémoire : aucune clé ne sert un tableau périmé.
DUREE_CACHE = 3600

T = TypeVar("T")


def versions() -> tuple[int, int]:
    """Les versions du référentiel et du déploiement, en une requête."""
    requete = " ".join(
        [
            f"SELECT (SELECT numero FROM {VersionReferentiel._meta.db_table} WHERE id = %s),",
            f"(SELECT numero FROM {VersionDeploiement._meta.db_table} WHERE id = %s)",
        ]
    )
    with connection.cursor() as curseur:
        curseur.execute(requete, [LIGNE, LIGNE])
        referentiel, deploiement = curseur.fetchone()
    return referentiel or 0, deploiement or 0


# Relue à chaque résumé d'un territoire (conflits gardés sous cette version) : une requête préparée.
_NUMERO = LecturePreparee(lambda: VersionDeploiement.objects.filter(pk=LIGNE).values_list("numero")[:1])


def version_deploiement() -> int:
    ligne = _NUMERO.premiere()
    return (ligne[0] if ligne else None) or 0


def nouvelle_version() -> None:
    """Tire un nouveau numéro, dans la transaction en cours : une requête, sans relire l'ancien.

    Au hasard plutôt qu'un compteur, comme celle du référentiel : une base restaurée ne ramène pas un numéro qu'un
    processus garde pour d'autres données. Deux tirages distincts : le nouveau numéro diffère toujours de l'ancien.
    """
    premier = secrets.randbelow(NUMERO_MAX) + 1
    second = premier % NUMERO_MAX + 1
    changees = VersionDeploiement.objects.filter(pk=LIGNE).update(
        numero=Case(When(numero=premier, then=Value(second)), default=Value(premier))
    )
    if not changees:
        VersionDeploiement.objects.update_or_create(pk=LIGNE, defaults={"numero": premier})


def numeroter_les_donnees_restaurees() -> None:
    """Après l'insertion brute d'une restauration (aucun signal) : la version sauvegardée revient avec les données
    qu'elle numérotait ; une sauvegarde sans version (faite avant qu'elle existe) en reçoit une neuve, jamais 0, qu'un
    processus a pu garder pour d'autres données."""
    if not VersionDeploiement.objects.filter(pk=LIGNE).exists():
        nouvelle_version()


def donnees_changees(sender: object, **kwargs: object) -> None:
    """Un projet, une décision d'étape, un territoire ou une commune écrit ou supprimé : les tableaux gardés sont
    caducs."""
    nouvelle_version()


def cle(nom: str) -> str:
    """La clé de cache de ce qui est nommé `nom` (sa date comprise) sous les versions lues à l'instant. Lue avant les
    données : rien n'est jamais gardé sous une version plus récente que les faits qu'il a lus."""
    referentiel, deploiement = versions()
    return f"deploiement:{referentiel}:{deploiement}:{nom}"


def garder(nom: str, calcul: Callable[[], T]) -> T:
    """Le résultat de `calcul` (un tableau nommé par `nom`, sa date comprise), calculé une fois par processus et par
    versions."""
    cle_du_tableau = cle(nom)
    resultat: T | None = cache.get(cle_du_tableau)
    if resultat is None:
        resultat = calcul()
        cache.set(cle_du_tableau, resultat, DUREE_CACHE)
    return resultat
