"""Les sessions en base, lues par une requête préparée (`cpts.preparees`) : la même table et les mêmes règles que le
moteur de Django (une session expirée ou supprimée n'est jamais lue), sans recompiler sa requête à chaque page."""

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from cpts.preparees import LecturePreparee, Parametre

_SESSION = LecturePreparee(
    lambda: Session.objects.filter(
        session_key=Parametre("cle", Session._meta.get_field("session_key")),
        expire_date__gt=Parametre("maintenant", Session._meta.get_field("expire_date")),
    ).values_list("session_data")[:1]
)


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        ligne = _SESSION.premiere(cle=self.session_key, maintenant=timezone.now()) if self.session_key else None
        if ligne is None:
            # Comme le moteur de Django : une clé inconnue ou expirée est oubliée, la prochaine écriture en crée une.
            self._session_key = None
            return {}
        return self.decode(ligne[0])
