"""Socle des commandes de calcul : une entrée invalide donne une seule ligne en français sur la
sortie d'erreur et le code de sortie 2, sans trace de pile ni rappel d'usage."""

import re
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cpts.regles import EntreeInvalide

CODE_ENTREE_INVALIDE = 2

# argparse ne parle qu'anglais : ses quelques messages d'erreur de structure, traduits.
_MESSAGES_ARGPARSE = (
    (re.compile(r"the following arguments are required: (.+)"), "option obligatoire manquante : {}"),
    (re.compile(r"unrecognized arguments: (.+)"), "argument inconnu : {}"),
    (re.compile(r"argument (\S+): expected one argument"), "l'option {} attend une valeur"),
    (re.compile(r"argument (\S+): ignored explicit argument '(.*)'"), "l'option {} ne prend pas de valeur"),
    (
        re.compile(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)"),
        "{} : « {} » n'est pas permis (au choix : {})",
    ),
    (re.compile(r"argument (\S+): invalid \S+ value: '(.*)'"), "{} : valeur « {} » invalide"),
    # Les types des options du projet lèvent leurs propres messages, en français.
    (re.compile(r"argument (\S+): (.+)"), "{} : {}"),
)


def traduire_argparse(message: str) -> str:
    message = message.removeprefix("Error: ")
    for motif, traduction in _MESSAGES_ARGPARSE:
        trouve = motif.fullmatch(message)
        if trouve:
            return traduction.format(*trouve.groups())
    return f"arguments invalides ({message})"


class CommandeDeCalcul(BaseCommand):
    # Calcul pur : ni base de données ni vérifications système, pour répondre vite et hors ligne.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Une erreur d'argparse lève alors CommandError au lieu d'afficher l'usage et de quitter.
        parser.called_from_command_line = False
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        try:
            super().run_from_argv(argv)
        except CommandError as erreur:  # seules les erreurs d'argparse arrivent ici, execute() gère le reste
            self.sortir_en_erreur(traduire_argparse(str(erreur)), CODE_ENTREE_INVALIDE)

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except EntreeInvalide as erreur:
            if not self._called_from_command_line:
                raise CommandError(str(erreur), returncode=CODE_ENTREE_INVALIDE) from erreur
            self.sortir_en_erreur(str(erreur), CODE_ENTREE_INVALIDE)

    def sortir_en_erreur(self, message: str, code: int) -> NoReturn:
        sys.stderr.write(f"Erreur : {message}.\n")
        sys.exit(code)
