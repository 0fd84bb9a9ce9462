from argparse import ArgumentParser
from typing import Any

from cpts.financement import rendu, saisie
from cpts.financement.commande import CommandeDeCalcul
from cpts.regles import Contrat, avertissements_echeancier, echeancier
from cpts.regles.dates import jour_fr


class Command(CommandeDeCalcul):
    help = (
        "Échéancier d'un contrat ACI sur ses cinq ans : chaque versement (intégral, avance, solde) avec son "
        "année de contrat, son montant, la date d'exigibilité et la date limite de paiement. Calcul seul, "
        "sans lecture ni écriture en base ; pour tout utilisateur. Chaque ligne nomme le texte qui fixe son montant ; "
        "les avertissements (missions socles, mission crise après l'avenant 2, montant non vérifié, année à cheval "
        "sur deux textes) suivent le tableau. Entrée invalide : un message sur la "
        "sortie d'erreur et le code 2."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--signature", required=True, help="JJ/MM/AAAA ou AAAA-MM-JJ : date de signature du contrat"
        )
        parser.add_argument("--population", help="population couverte (donne la taille)")
        parser.add_argument("--taille", help="taille 1 à 4, à la place de --population")
        parser.add_argument(
            "--missions",
            required=True,
            help="mission:JJ/MM/AAAA,… : chaque mission et sa date de démarrage (ou mission:AAAA-MM-JJ)",
        )
        parser.add_argument("--membres", default="0", help="nombre de membres (majoration de la taille 4)")
        parser.add_argument(
            "--atteinte",
            help="taux d'atteinte de 0 à 1 (1 par défaut), ou mission=taux,… : volets « actions et résultats » seuls",
        )
        parser.add_argument(
            "--crises",
            help="années de contrat où une crise sanitaire grave a été déclarée (2,4), taux 1 par défaut ou 2=0.5",
        )
        parser.add_argument(
            "--options",
            help=(
                "enveloppes conditionnelles choisies : snp-compensation, snp-regulation (ACI 2019),"
                " fonctionnement-additionnel (avenant 2, montant non vérifié au texte), chacune ouverte à la"
                " signature ou à la date donnée (code:JJ/MM/AAAA ou code:AAAA-MM-JJ) ; aucune par défaut"
            ),
        )
        parser.add_argument("--format", default="table", help="table (par défaut) ou json")

    def handle(self, *args: Any, **options: Any) -> None:
        format_de_sortie = saisie.format_de_sortie(options["format"])
        signature = saisie.jour(options["signature"], "--signature")
        contrat = Contrat(
            signature=signature,
            taille=saisie.taille_demandee(options["population"], options["taille"], signature),
            missions=saisie.missions_datees(options["missions"]),
            membres=saisie.entier(options["membres"], "--membres", "nombre de membres"),
            options=saisie.options_datees(options["options"], signature),
        )
        versements = echeancier(
            contrat, atteinte=saisie.atteinte(options["atteinte"]), crises_survenues=saisie.crises(options["crises"])
        )
        avertissements = avertissements_echeancier(contrat)
        if format_de_sortie == "json":
            self.stdout.write(rendu.echeancier_json(versements, avertissements))
        else:
            titre = f"Échéancier du contrat signé le {jour_fr(signature)}, taille {contrat.taille}"
            self.stdout.write(rendu.echeancier_table(versements, titre, avertissements))
