"""Point d'entrée `cpts` : les commandes d'administration de Django avec les réglages du projet.

Aucune trace de pile n'atteint l'utilisateur : une commande refusée (`CommandError`) ou une erreur inattendue
finit par une seule ligne en français sur la sortie d'erreur et le code de sortie 2 ; une configuration invalide ou
une base injoignable, par une ligne et le code 1 (l'exploitant, pas la saisie, est en cause)."""

import os
import sys

CODE_ERREUR = 2


def _sous_commande(argv: list[str]) -> str | None:
    if len(argv) > 1 and not argv[1].startswith("-") and argv[1] != "help":
        return argv[1]
    return None


def _avec_erreurs_remontees(argv: list[str]) -> list[str]:
    # `--traceback` fait remonter `CommandError` jusqu'ici au lieu de l'afficher en anglais (« CommandError: … ») ;
    # placé juste après la sous-commande, avant ses propres sous-commandes (`cpts commission composition`).
    if _sous_commande(argv) and "--traceback" not in argv:
        return [*argv[:2], "--traceback", *argv[2:]]
    return argv


def _sous_le_nom_cpts(argv: list[str]) -> list[str]:
    # Django nomme le programme d'après argv[0] : lancé par `python -m cpts`, c'est le chemin de `__main__.py`, que
    # l'usage afficherait. Le programme s'appelle `cpts`, quelle que soit la façon de le lancer.
    return ["cpts", *argv[1:]]


def _erreur_d_arguments(parser: object, message: str) -> None:
    from django.core.management.base import CommandError

    raise CommandError(f"Error: {message}")


def _une_ligne(erreur: BaseException) -> str:
    texte = " ".join(str(erreur).split())
    return texte.removeprefix("Error: ").rstrip(".")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpts.settings.base")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management.base import BaseCommand, CommandError, CommandParser
    from django.db.utils import OperationalError

    try:
        import django

        django.setup()
        from django.core.management import execute_from_command_line, get_commands

        from cpts import aide

        # Une option mal donnée lève CommandError au lieu d'afficher l'usage et l'erreur d'argparse, en anglais.
        CommandParser.error = _erreur_d_arguments  # type: ignore[method-assign,assignment]
        # L'aide de chaque commande en français, comme l'aide générale (voir `cpts.aide`).
        BaseCommand.create_parser = aide.create_parser_en_francais  # type: ignore[method-assign]
        if aide.demande_l_aide(sys.argv[1:]):
            sys.stdout.write(aide.aide_generale())
            return
        if (nom := _sous_commande(sys.argv)) and nom not in get_commands():
            raise CommandError(f"commande inconnue « {nom} » : « cpts help » donne la liste des commandes")

        execute_from_command_line(_sous_le_nom_cpts(_avec_erreurs_remontees(sys.argv)))
    except ImproperlyConfigured as erreur:
        sys.stderr.write(f"Configuration invalide : {erreur}\n")
        sys.exit(1)
    except OperationalError as erreur:
        cause = str(erreur).strip().splitlines()[0] if str(erreur).strip() else type(erreur).__name__
        sys.stderr.write(
            f"Base de données injoignable ({cause}) : vérifiez DATABASE_URL et que le serveur est démarré.\n"
        )
        sys.exit(1)
    except CommandError as erreur:
        from cpts.financement.commande import traduire_argparse

        message = traduire_argparse(str(erreur)) if str(erreur).startswith("Error: ") else _une_ligne(erreur)
        sys.stderr.write(f"Erreur : {message}.\n")
        sys.exit(CODE_ERREUR)
    except KeyboardInterrupt:
        sys.stderr.write("Interrompu.\n")
        sys.exit(CODE_ERREUR)
    except Exception as erreur:
        sys.stderr.write(
            f"Erreur inattendue ({type(erreur).__name__} : {_une_ligne(erreur)}) : signalez-la à l'équipe de la "
            "plateforme.\n"
        )
        sys.exit(CODE_ERREUR)


if __name__ == "__main__":
    main()
