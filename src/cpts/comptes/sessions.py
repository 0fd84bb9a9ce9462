"""Les sessions en base, lues par une requête préparée (`cpts.preparees`) et réécrites par un UPDATE écrit une fois :
la même table et les mêmes règles que le moteur de Django (une session expirée ou supprimée n'est jamais lue ; une
session supprimée entre-temps, par une déconnexion dans un autre onglet, n'est pas recréée), sans recompiler leurs
requêtes à chaque page. Le compositeur réécrit la session à chaque commune ajoutée ou retirée."""

import json
from functools import cache, lru_cache
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connections, router
from django.utils import timezone

from cpts.preparees import LecturePreparee, Parametre
from cpts.validation_legere import executer_sans_attendre_le_disque

_SESSION = LecturePreparee(
    lambda: Session.objects.filter(
        session_key=Parametre("cle", Session._meta.get_field("session_key")),
        expire_date__gt=Parametre("maintenant", Session._meta.get_field("expire_date")),
    ).values_list("session_data")[:1]
)


@cache
def _mise_a_jour(alias: str) -> str:
    nom = connections[alias].ops.quote_name
    colonne = {
        champ: nom(Session._meta.get_field(champ).column) for champ in ("session_key", "session_data", "expire_date")
    }
    return (
        f"UPDATE {nom(Session._meta.db_table)} SET {colonne['session_data']} = %s, {colonne['expire_date']} = %s "
        f"WHERE {colonne['session_key']} = %s"
    )


class _Illisible(Exception):
    pass


@lru_cache(maxsize=1024)
def _decodee(session_data: str, cle: str, anciennes: tuple[str, ...]) -> str:
    """Le contenu d'une session vérifié et décodé par le moteur de Django, en JSON. Une session illisible lève
    `_Illisible` et n'est pas gardée : elle est signalée à chaque lecture."""
    contenu = super(SessionStore, SessionStore()).decode(session_data)
    if not contenu:
        raise _Illisible
    return json.dumps(contenu)


# Le contenu, en JSON, des sessions que ce processus vient de réécrire, par texte et clés secrètes : la page suivante
# relit ce texte (le compositeur réécrit la session à chaque clic), signé ici même ; un autre texte n'y est jamais.
# Seules les dernières écrites comptent : au-delà, tout repart de rien.
_ECRITES: dict[tuple[str, str, tuple[str, ...]], str] = {}
ECRITES_MAX = 256


def _cles() -> tuple[str, tuple[str, ...]]:
    return settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS)


class SessionStore(db.SessionStore):
    def encode(self, session_dict: dict[str, Any]) -> str:
        # Signée comme par Django, sans compression : zlib coûtait la moitié de la signature d'une composition de 200
        # communes (0,03 ms à chaque clic du compositeur) pour un texte de 2 Ko au lieu de 0,8 dans sa ligne. Une
        # session compressée (écrite avant) se relit toujours : `signing.loads` reconnaît les deux.
        return signing.dumps(session_dict, salt=self.key_salt, serializer=self.serializer, compress=False)

    def decode(self, session_data: str) -> dict[str, Any]:
        # Le texte d'une session ne change qu'à son écriture : la vérification de sa signature et son décodage, refaits
        # à chaque page, sont gardés par texte et par clé secrète (une clé changée ne reconnaît plus rien de
        # l'ancienne). Chaque lecture reçoit des objets neufs, qu'elle peut modifier.
        cle, anciennes = _cles()
        ecrite = _ECRITES.get((session_data, cle, anciennes))
        try:
            return json.loads(ecrite if ecrite is not None else _decodee(session_data, cle, anciennes))  # type: ignore[no-any-return]
        except _Illisible:
            return {}

    def load(self) -> dict[str, Any]:
        ligne = _SESSION.premiere(cle=self.session_key, maintenant=timezone.now()) if self.session_key else None
        if ligne is None:
            # Comme le moteur de Django : une clé inconnue ou expirée est oubliée, la prochaine écriture en crée une.
            self._session_key = None
            return {}
        return self.decode(ligne[0])

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            super().save(must_create=must_create)
            return
        alias = router.db_for_write(Session)
        connexion = connections[alias]
        expiration = Session._meta.get_field("expire_date").get_db_prep_value(self.get_expiry_date(), connexion)
        # La session se perd sans dommage à une coupure de courant (au pire, la composition en cours du compositeur
        # revient de quelques clics) : sa réécriture n'attend pas le disque. Création et suppression (connexion,
        # déconnexion, changement de clé) restent synchronisées.
        contenu = self._get_session()
        texte = self.encode(contenu)
        if not executer_sans_attendre_le_disque(alias, _mise_a_jour(alias), [texte, expiration, self.session_key]):
            # Comme le moteur de Django : la session a été supprimée entre-temps, elle n'est pas recréée.
            raise UpdateError
        if len(_ECRITES) >= ECRITES_MAX:
            _ECRITES.clear()
        _ECRITES[(texte, *_cles())] = json.dumps(contenu)
