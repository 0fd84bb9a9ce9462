"""L'aide de la commande `cpts` (`cpts`, `cpts --help`, `cpts help`) : en français, les commandes du projet
d'abord, chacune avec sa phrase d'aide, puis les noms des commandes de Django (en anglais, comme leur aide).

L'aide d'une commande (`cpts COMMANDE --help`) est en français elle aussi : argparse n'écrit son cadre (« usage: »,
« options: », « show this help message and exit ») qu'en anglais, et Django ajoute à chaque commande ses options
communes (`--verbosity`, `--settings`…) décrites en anglais. `create_parser_en_francais`, mis à la place de
`BaseCommand.create_parser` par le point d'entrée, traduit l'un et l'autre, sous-commandes comprises. Les options
propres aux commandes de Django (migrate…) restent décrites en anglais.
"""

import argparse
import textwrap
from typing import Any

from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandParser, DjangoHelpFormatter

LARGEUR = 100
DEMANDES_D_AIDE = ([], ["--help"], ["-h"], ["help"])


def demande_l_aide(arguments: list[str]) -> bool:
    return arguments in DEMANDES_D_AIDE


def _premiere_phrase(texte: str) -> str:
    texte = " ".join(texte.split())
    fin = texte.find(". ")
    return texte if fin < 0 else texte[: fin + 1]


def aide_generale() -> str:
    commandes = get_commands()
    projet = sorted(nom for nom, application in commandes.items() if application.startswith("cpts"))
    django = sorted(nom for nom, application in commandes.items() if not application.startswith("cpts"))
    largeur = max(len(nom) for nom in projet)
    lignes = [
        "Usage : cpts COMMANDE [options]",
        "",
        "Plateforme Pilotage CPTS. « cpts COMMANDE --help » détaille une commande, ses options et ses formats.",
        "Les dates s'écrivent JJ/MM/AAAA (ou AAAA-MM-JJ).",
        "",
        "Commandes de la plateforme :",
    ]
    for nom in projet:
        phrase = _premiere_phrase(load_command_class(commandes[nom], nom).help)
        lignes += textwrap.wrap(
            phrase, LARGEUR, initial_indent=f"  {nom.ljust(largeur)}  ", subsequent_indent=" " * (largeur + 4)
        ) or [f"  {nom}"]
    lignes += ["", "Commandes de Django (exploitation : migrations, serveur, comptes ; aide en anglais) :"]
    lignes += textwrap.wrap(", ".join(django), LARGEUR, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lignes) + "\n"


TITRES = {"options": "Options", "positional arguments": "Arguments"}
# Les options communes de Django, par leur destination : une commande ne peut pas en déclarer une autre du même nom.
AIDES_COMMUNES = {
    "help": "affiche cette aide, puis s'arrête",
    "version": "affiche la version de Django, puis s'arrête",
    "verbosity": "quantité de messages : 0 le minimum, 1 normal, 2 détaillé, 3 très détaillé",
    "settings": (
        "module Python des réglages, par exemple «\u00a0cpts.settings.base\u00a0» ; par défaut, celui de la variable "
        "DJANGO_SETTINGS_MODULE"
    ),
    "pythonpath": "dossier à ajouter au chemin des modules Python",
    "traceback": "affiche la pile d'appels d'une erreur, pour l'équipe de la plateforme",
    "no_color": "sortie sans couleurs",
    "force_color": "sortie en couleurs, même redirigée vers un fichier",
    "skip_checks": "ne pas faire les vérifications de Django avant la commande",
}
_CREATE_PARSER_DE_DJANGO = BaseCommand.create_parser


class FormatAide(DjangoHelpFormatter):
    """Le cadre de l'aide en français : « Usage : », « Options : »."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Usage : " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        # argparse colle les deux-points au titre : l'espace insécable de la typographie française, avant.
        super().start_section(f"{heading}\u00a0" if heading else heading)


def en_francais(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.formatter_class = FormatAide
    for groupe in parser._action_groups:
        groupe.title = TITRES.get(groupe.title or "", groupe.title)
    for action in parser._actions:
        if action.dest in AIDES_COMMUNES and action.help != argparse.SUPPRESS:
            action.help = AIDES_COMMUNES[action.dest]
        if isinstance(action, argparse._SubParsersAction):
            for sous_commande in action.choices.values():
                en_francais(sous_commande)
    return parser


def create_parser_en_francais(commande: BaseCommand, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
    parser = _CREATE_PARSER_DE_DJANGO(commande, prog_name, subcommand, **kwargs)
    en_francais(parser)
    return parser
