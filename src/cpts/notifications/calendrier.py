"""Les travaux périodiques : chaque application inscrit les siens (`chaque_semaine`, dans son `AppConfig.ready`),
le travailleur les programme à chaque tour.

Un travail est dû dès que son créneau de la semaine (jour et heure, Europe/Paris) est passé ; s'il n'a pas encore été
programmé pour cette semaine — travailleur arrêté le lundi matin, par exemple — il l'est au tour suivant, une seule
fois : la clé « code:année-Wsemaine » est unique en base.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from cpts.notifications.models import PassagePeriodique

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Hebdomadaire:
    code: str
    jour: int  # 0 : lundi
    heure: time
    programmer: Callable[[date], None]  # met le travail de la semaine dans la file ; reçoit le jour du créneau

    def creneau(self, maintenant: datetime) -> datetime:
        """Le créneau de la semaine de `maintenant` (heure de Paris)."""
        local = maintenant.astimezone(PARIS)
        lundi = local.date() - timedelta(days=local.weekday())
        return datetime.combine(lundi + timedelta(days=self.jour), self.heure, tzinfo=PARIS)

    def cle(self, creneau: datetime) -> str:
        annee, semaine, _ = creneau.date().isocalendar()
        return f"{self.code}:{annee}-W{semaine:02d}"


_HEBDOMADAIRES: dict[str, Hebdomadaire] = {}


def chaque_semaine(travail: Hebdomadaire) -> None:
    _HEBDOMADAIRES[travail.code] = travail


def inscrits() -> list[Hebdomadaire]:
    return sorted(_HEBDOMADAIRES.values(), key=lambda t: t.code)


def programmer_les_passages(maintenant: datetime, travaux: Iterable[Hebdomadaire]) -> list[str]:
    """Programme les travaux dont le créneau de la semaine est passé, pas encore programmés ; rend leurs clés."""
    programmes = []
    for travail in travaux:
        creneau = travail.creneau(maintenant)
        if maintenant < creneau:
            continue
        cle = travail.cle(creneau)
        try:
            with transaction.atomic():
                PassagePeriodique.objects.create(cle=cle)
                travail.programmer(creneau.date())
        except IntegrityError:
            continue  # déjà programmé cette semaine, par ce travailleur ou un autre
        programmes.append(cle)
    return programmes
