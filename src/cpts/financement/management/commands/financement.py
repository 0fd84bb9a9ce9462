from argparse import ArgumentParser
from decimal import Decimal
from typing import Any

from cpts.financement import rendu, saisie
from cpts.financement.commande import CommandeDeCalcul
from cpts.regles import montants_annuels


class Command(CommandeDeCalcul):
    help = (
        "Montants annuels ACI d'une CPTS à une date : fonctionnement et missions choisies, par volet, "
        "selon le texte en vigueur (ou celui de --texte). Calcul seul, sans lecture ni écriture en base ; "
        "pour tout utilisateur. Les avertissements (mission socle manquante, territoire de moins de 15 000 "
        "habitants, montant non vérifié au texte) suivent le tableau, ou la clé avertissements en JSON. "
        "Entrée invalide : un message sur la sortie d'erreur et le code 2."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", required=True, help="JJ/MM/AAAA ou AAAA-MM-JJ : le jour du calcul")
        parser.add_argument("--population", help="population couverte (donne la taille)")
        parser.add_argument("--taille", help="taille 1 à 4, à la place de --population")
        parser.add_argument(
            "--missions",
            required=True,
            help="acces,parcours,prevention,crise,qualite,accompagnement (le fonctionnement est toujours compté)",
        )
        parser.add_argument("--membres", default="0", help="nombre de membres (majoration de la taille 4)")
        parser.add_argument("--crise-annee", help="premiere (par défaut) ou suivante : année du plan de crise")
        parser.add_argument(
            "--crise-survenue",
            action="store_true",
            help="une crise sanitaire grave est survenue : volet variable de la mission crise, hors taux d'atteinte",
        )
        parser.add_argument(
            "--taux-crise",
            help="taux retenu pour le volet variable crise, de 0 à 1 (1 par défaut, avec --crise-survenue)",
        )
        parser.add_argument(
            "--atteinte",
            help="taux d'atteinte de 0 à 1 (1 par défaut), ou mission=taux,… : volets « actions et résultats » seuls",
        )
        parser.add_argument(
            "--options",
            help=(
                "enveloppes conditionnelles choisies, séparées par des virgules : snp-compensation, snp-regulation"
                " (ACI 2019), fonctionnement-additionnel (avenant 2, montant non vérifié au texte) ; aucune par défaut"
            ),
        )
        parser.add_argument("--texte", help="aci-2019 ou avenant-2 (sinon le texte en vigueur à la date)")
        parser.add_argument("--format", default="table", help="table (par défaut) ou json")

    def handle(self, *args: Any, **options: Any) -> None:
        format_de_sortie = saisie.format_de_sortie(options["format"])
        le = saisie.jour(options["date"], "--date")
        financement = montants_annuels(
            le,
            saisie.taille_demandee(options["population"], options["taille"], le),
            saisie.missions(options["missions"]),
            membres=saisie.entier(options["membres"], "--membres", "nombre de membres"),
            atteinte=saisie.atteinte(options["atteinte"]),
            annee_du_plan=saisie.annee_du_plan(options["crise_annee"]),
            crise_survenue=options["crise_survenue"],
            texte=options["texte"],
            taux_crise=Decimal(1)
            if options["taux_crise"] is None
            else saisie.taux(options["taux_crise"], "--taux-crise", "taux de la crise"),
            options=saisie.options(options["options"]),
            population=None
            if options["population"] is None
            else saisie.entier(options["population"], "--population", "population"),
        )
        if format_de_sortie == "json":
            self.stdout.write(rendu.financement_json(financement))
        else:
            self.stdout.write(rendu.financement_table(financement, texte_impose=options["texte"] is not None))
