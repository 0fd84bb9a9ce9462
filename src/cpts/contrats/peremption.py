"""Périmer l'état gardé des contrats (`cpts.contrats.etat`) dans la transaction de l'écriture qui le change : tout de
suite, ou une fois à la fin d'un bloc d'écritures groupées (`peremption_groupee`)."""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction

from cpts.contrats.models import Contrat, EtatContrat
from cpts.territoires.deploiement import nouvelle_version


def perimer(contrat_ids: Iterable[int]) -> None:
    """Les états de ces contrats ne valent plus : à appeler dans la transaction de l'écriture qui les change.

    Les tableaux de bord des régions gardent ce qu'ils ont lu des contrats (contrats signés, paiements, alertes) sous
    la version des données du déploiement (`cpts.territoires.deploiement`) : elle change aussi, même quand l'écriture
    ne laisse aucun contrat à périmer."""
    nouvelle_version()
    ids = sorted(set(contrat_ids))
    if not ids:
        return
    if not transaction.get_autocommit():
        list(Contrat.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    EtatContrat.objects.filter(contrat_id__in=ids).delete()


Contrats = Callable[[set[int]], Iterable[int]]
"""Les contrats que désignent des clés lues sur des lignes écrites (identifiants d'indicateurs, de paiements…), en
une requête au plus pour toutes les clés."""


class _Groupe(threading.local):
    """Les clés retenues par les écritures du bloc `peremption_groupee` ouvert dans ce fil (une connexion par fil)."""

    def __init__(self) -> None:
        self.profondeur = 0
        self.retenues: dict[Contrats, set[int]] = {}


_groupe = _Groupe()


def retenir(contrats: Contrats, cle: int) -> bool:
    """Dans un bloc `peremption_groupee`, retient la clé pour la fin du bloc et rend vrai ; hors bloc, rend faux
    (l'écriture périme alors elle-même ses contrats)."""
    if not _groupe.profondeur:
        return False
    _groupe.retenues.setdefault(contrats, set()).add(cle)
    return True


def perimer_les_retenues() -> None:
    """Périme tout de suite ce que les écritures du bloc ouvert ont retenu (rien hors d'un bloc)."""
    retenues, _groupe.retenues = _groupe.retenues, {}
    if not retenues:
        return
    perimer(contrat for contrats, cles in retenues.items() for contrat in contrats(cles))


@contextmanager
def peremption_groupee() -> Iterator[None]:
    """Une transaction dont les écritures périment l'état de leurs contrats une fois, à sa fin, encore dedans.

    Hors d'un tel bloc, chaque ligne enregistrée cherche ses contrats (une requête), les verrouille et supprime leur
    état : un import ligne à ligne le paierait à chaque ligne. Dans le bloc, les clés des lignes sont retenues ; à sa
    fin, avant la validation, leurs contrats sont cherchés en une requête par sorte de ligne, verrouillés et leur état
    supprimé en une fois. `transaction.on_commit` viendrait trop tard : une autre transaction lirait entre-temps un
    état périmé. Une lecture de l'état dans le bloc (`cpts.contrats.etat.contrats_a_jour`) périme d'abord ce qui est
    retenu ; un bloc qui échoue n'a rien à périmer (sa transaction est annulée)."""
    with transaction.atomic():
        _groupe.profondeur += 1
        try:
            yield
            if _groupe.profondeur == 1:
                perimer_les_retenues()
        finally:
            _groupe.profondeur -= 1
            if not _groupe.profondeur:
                _groupe.retenues = {}
