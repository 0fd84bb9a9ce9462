"""Les CPTS déjà enregistrées reçoivent la ligne de leur département principal (le périmètre des agents passe par elle)."""

from django.db import migrations


def remplir(apps, schema_editor):
    Cpts = apps.get_model("dossiers", "Cpts")
    DepartementCouvert = apps.get_model("dossiers", "DepartementCouvert")
    DepartementCouvert.objects.bulk_create(
        [DepartementCouvert(cpts_id=pk, code=code) for pk, code in Cpts.objects.values_list("pk", "departement")],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0003_registre")]

    operations = [migrations.RunPython(remplir, migrations.RunPython.noop)]
