"""`cpts commission …` : la commission paritaire régionale en ligne de commande (lecture seule).

- `composition --region CODE [--date JJ/MM/AAAA] [--format table|json]` : sièges, voix, sièges vacants,
  professions non représentées, parité et contrôles de la composition en vigueur à la date dite.
- `presidence --region CODE [--annee AAAA]` : la section qui préside chaque année civile et son président.
- `reunions --region CODE` : les réunions, leurs délais, et les années sans la réunion annuelle.

Qui la lance : le secrétariat ou l'exploitant, sur le serveur ; elle ne modifie rien.
"""

import json
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cpts.commission.models import Commission
from cpts.commission.services import compositions, reunions
from cpts.regles import commission as regles
from cpts.regles.dates import FORMES_DU_JOUR, lire_jour

SYMBOLES = {regles.Statut.CONFORME: "OK", regles.Statut.NON_CONFORME: "NON", regles.Statut.A_COMPLETER: "À COMPLÉTER"}


def jour(texte: str) -> date:
    if (lu := lire_jour(texte)) is None:
        raise ArgumentTypeError(f"date {FORMES_DU_JOUR} attendue, lu « {texte} »")
    return lu


class Command(BaseCommand):
    help = "Commission paritaire régionale : composition, présidence, réunions (lecture seule)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sous = parser.add_subparsers(dest="sous_commande", required=True, title="sous-commandes")
        composition = sous.add_parser("composition", help="composition en vigueur, voix et parité")
        composition.add_argument("--region", required=True, help="code INSEE de la région (ex. 84)")
        composition.add_argument("--date", type=jour, help="date JJ/MM/AAAA ou AAAA-MM-JJ (défaut : aujourd'hui)")
        composition.add_argument("--format", choices=("table", "json"), default="table")
        presidence = sous.add_parser("presidence", help="présidence de la commission par année civile")
        presidence.add_argument("--region", required=True)
        presidence.add_argument("--annee", type=int, help="une seule année (défaut : depuis l'installation)")
        reunions = sous.add_parser("reunions", help="réunions, délais et alerte de réunion annuelle")
        reunions.add_argument("--region", required=True)

    def handle(self, *args: object, **options: object) -> None:
        try:
            commission = Commission.objects.get(region=options["region"])
        except Commission.DoesNotExist:
            raise CommandError(f"Aucune commission pour la région « {options['region']} ».") from None
        getattr(self, str(options["sous_commande"]))(commission, options)

    def composition(self, commission: Commission, options: dict) -> None:
        le = options["date"] or timezone.localdate()
        composition = compositions.composition_en_vigueur(commission, le)
        if composition is None:
            raise CommandError(f"{commission} n'a pas de composition en vigueur le {le:%d/%m/%Y}.")
        bilan = compositions.bilan(composition, le=le)
        if options["format"] == "json":
            donnees = {"region": commission.region, "composition_du": composition.date_effet.isoformat()}
            self.stdout.write(json.dumps({**donnees, **bilan.en_json()}, ensure_ascii=False, indent=2))
            return
        pro, sociale = bilan.professionnelle, bilan.sociale
        lignes = [
            f"{commission} — composition en vigueur le {le:%d/%m/%Y} (depuis le {composition.date_effet:%d/%m/%Y})",
            f"  section professionnelle : {pro.sieges} sièges, {pro.voix} voix, {pro.sieges_vacants} sièges vacants",
            "  professions non représentées : " + (", ".join(pro.professions_non_representees) or "aucune"),
            f"  section sociale : {sociale.sieges} sièges, {sociale.voix} voix "
            f"(régime général {sociale.voix_rg}, MSA {sociale.voix_msa})",
            f"  membres consultatifs : {bilan.consultatifs}",
            f"  parité des voix : {'oui' if bilan.parite else 'non'}",
            "  contrôles :",
        ]
        lignes += [f"    [{SYMBOLES[c.statut]}] {c.libelle} : {c.detail}" for c in bilan.controles]
        self.stdout.write("\n".join(lignes))

    def presidence(self, commission: Commission, options: dict) -> None:
        if commission.date_installation is None:
            raise CommandError(f"{commission} n'est pas encore installée : pas de présidence.")
        annee = options["annee"]
        annees = (
            [compositions.presidence(commission, annee)]
            if annee
            else compositions.presidences(commission, timezone.localdate().year + 1)
        )
        for ligne in annees:
            if ligne is None:
                raise CommandError(
                    f"Pas de présidence en {annee} : la commission est installée en "
                    f"{commission.date_installation.year}."
                )
            president = ligne.president.siege.libelle if ligne.president else "président non désigné"
            self.stdout.write(f"{ligne.annee} : {ligne.section.libelle} ({president})")

    def reunions(self, commission: Commission, options: dict) -> None:
        for reunion in commission.reunions.order_by("date"):
            self.stdout.write(
                f"{reunion.date:%d/%m/%Y} : {reunion.get_etat_display()} — convocation au plus tard le "
                f"{regles.date_limite_convocation(reunion.date):%d/%m/%Y}, ordre du jour au plus tard le "
                f"{regles.date_limite_ordre_du_jour(reunion.date):%d/%m/%Y}"
            )
        alerte = reunions.alerte_reunions(commission, timezone.localdate())
        if alerte is None:
            return
        for annee in alerte.annees_sans_reunion:
            self.stdout.write(f"Alerte : aucune réunion en {annee} (au moins {alerte.minimum} par an).")
        if alerte.annee_en_cours_sans_reunion:
            self.stdout.write(f"Alerte : aucune réunion tenue ni prévue en {timezone.localdate().year}.")
