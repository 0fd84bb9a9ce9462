"""Un projet inscrit sans date de début de dynamique la reçoit : son premier fait daté (inscription, première
décision, étape atteinte). Il n'apparaît plus dans les tableaux datés d'avant."""

import datetime

from django.db import migrations
from django.utils import timezone


def dater(apps: object, schema_editor: object) -> None:
    Cpts = apps.get_model("dossiers", "Cpts")
    Historique = apps.get_model("dossiers", "HistoricalCpts")
    DecisionEtape = apps.get_model("dossiers", "DecisionEtape")
    for cpts in Cpts.objects.filter(dynamique_depuis__isnull=True):
        faits: list[datetime.date] = [timezone.localdate()]
        inscription = Historique.objects.filter(id=cpts.pk).order_by("history_date").values_list(
            "history_date", flat=True
        ).first()
        if inscription:
            faits.append(timezone.localdate(inscription))
        premiere = DecisionEtape.objects.filter(cpts_id=cpts.pk).order_by("date").values_list("date", flat=True).first()
        if premiere:
            faits.append(premiere)
        if cpts.etape_depuis:
            faits.append(cpts.etape_depuis)
        Cpts.objects.filter(pk=cpts.pk).update(dynamique_depuis=min(faits))


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0006_revision")]

    operations = [migrations.RunPython(dater, migrations.RunPython.noop)]
