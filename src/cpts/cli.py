"""Point d'entrée `cpts` : les commandes d'administration de Django avec les réglages du projet."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpts.settings.base")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        import django

        django.setup()
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as erreur:
        sys.stderr.write(f"Configuration invalide : {erreur}\n")
        sys.exit(1)
    except OperationalError as erreur:
        cause = str(erreur).strip().splitlines()[0] if str(erreur).strip() else type(erreur).__name__
        sys.stderr.write(
            f"Base de données injoignable ({cause}) : vérifiez DATABASE_URL et que le serveur est démarré.\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
