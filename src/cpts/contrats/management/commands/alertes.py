import json
from argparse import ArgumentParser
from typing import Any

from django.utils import timezone

from cpts.contrats.alertes import alertes
from cpts.contrats.commande import CommandeContrats
from cpts.contrats.models import Contrat
from cpts.regles.dates import jour_fr


class Command(CommandeContrats):
    help = (
        "cpts alertes --region CODE [--format table|json] : le résumé quotidien des alertes des contrats de la région "
        "(délais des missions, versements exigibles, valeurs d'indicateurs manquantes avant le dialogue de gestion, "
        "fins de contrat), retards en tête. Lecture seule ; à lancer chaque jour (cron) par l'exploitant. Entrée "
        "invalide : un message sur la sortie d'erreur et le code 2."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--region", required=True, help="code INSEE de la région (84…)")
        parser.add_argument("--format", default="table", help="table (par défaut) ou json")

    def handle(self, *args: Any, **options: Any) -> None:
        format_de_sortie = self.format_de_sortie(options["format"], ("table", "json"))
        region = self.region(options["region"])
        le = timezone.localdate()
        contrats = Contrat.objects.filter(cpts__region=region).select_related("cpts").order_by("cpts__nom", "pk")
        liste = alertes(contrats, le)
        if format_de_sortie == "json":
            donnees = [
                {
                    "contrat": a.contrat.pk,
                    "cpts": a.contrat.cpts.nom,
                    "type": a.type.value,
                    "niveau": a.niveau.value,
                    "echeance": a.echeance.isoformat(),
                    "message": a.message,
                }
                for a in liste
            ]
            self.stdout.write(json.dumps(donnees, ensure_ascii=False, indent=2))
            return
        if not liste:
            self.stdout.write(f"Aucune alerte au {jour_fr(le)} pour les contrats de la région {region}.")
            return
        retards = sum(1 for a in liste if a.en_retard)
        self.stdout.write(f"Alertes au {jour_fr(le)}, région {region} : {len(liste)} dont {retards} en retard.\n")
        for alerte in liste:
            marque = "RETARD " if alerte.en_retard else "bientôt"
            self.stdout.write(f"[{marque}] {alerte.contrat.cpts.nom} — {alerte.libelle_type} : {alerte.message}")
