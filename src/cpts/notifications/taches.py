"""Les travaux de fond de l'application elle-même."""

from datetime import date

from django.utils import timezone
from django_tasks import task

from cpts.notifications import services


@task()
def purger_le_journal() -> int:
    return services.purger(timezone.now())


def programmer_la_purge(_jour: date) -> None:
    purger_le_journal.enqueue()
