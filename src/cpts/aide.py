"""L'aide de la commande `cpts` (`cpts`, `cpts --help`, `cpts help`) : en français, les commandes du projet
d'abord, chacune avec sa phrase d'aide, puis les noms des commandes de Django (en anglais, comme leur aide)."""

import textwrap

from django.core.management import get_commands, load_command_class

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
