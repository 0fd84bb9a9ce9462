from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prépare la plateforme locale : applique les migrations, charge le référentiel des communes puis, "
        "hors production, les données et les comptes de démonstration. Relançable sans risque : rien n'est "
        "dupliqué ni perdu."
    )

    def handle(self, *args: object, **options: object) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Base de données à jour.")
        call_command("communes", "import", stdout=self.stdout, verbosity=0)
        if not settings.PRODUCTION:
            call_command("demo", stdout=self.stdout)
