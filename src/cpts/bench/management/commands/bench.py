import os
import secrets
import subprocess
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cpts.bench import (
    acces,
    base,
    charge_mixte,
    diagnostic,
    echeanciers,
    import_communes,
    jeu,
    pilotage,
    portefeuille,
    rapport,
    sauvegarde,
    serveur,
    territoire,
)
from cpts.contrats.models import Contrat
from cpts.dossiers.models import Cpts
from cpts.progression import Barre
from cpts.territoires import referentiel
from cpts.territoires.models import Territoire
from cpts.www.territoires import brouillon

# Le processus qui mesure tourne sur la base du banc, avec les réglages du serveur mesuré : la commande se relance
# elle-même dans cet environnement (la base d'un processus Django se choisit à son démarrage).
ACTIF = "CPTS_BENCH_ACTIF"
COMMUNES_RESUME = 200
CONTRATS_ECHEANCIERS = 1000
TERRITOIRES_CHARGE = 200


class Command(BaseCommand):
    help = (
        "Banc d'essai de performances. Construit une fois le jeu national (vraies communes, projets, territoires "
        "couvrant 80 % de la population, contrats, valeurs, versements ; graine fixe) dans var/bench, puis mesure "
        "plusieurs fois chaque scénario face à une référence de la même exécution : résumé de territoire, ajout au "
        "compositeur, pages nationales et leurs requêtes SQL, échéanciers, import des communes, sauvegarde et "
        "restauration complètes, charge mixte de pages et d'API sous gunicorn. Affiche un tableau et écrit "
        "bench/resultats.json. Pour les développeurs et l'exploitant."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--petit", action="store_true", help="jeu réduit à deux départements (test de fumée)")
        parser.add_argument("--duree-charge", type=float, help="secondes de charge mixte (60 ; 2 avec --petit)")
        parser.add_argument("--repetitions", type=int, help="mesures par scénario (30 ; 5 avec --petit)")
        parser.add_argument("--sortie", type=Path, default=Path("bench/resultats.json"))
        parser.add_argument("--dossier", type=Path, default=Path("var/bench"), help="bases du banc")
        parser.add_argument("--graine", type=int, default=jeu.GRAINE)
        parser.add_argument(
            "--referentiel",
            type=Path,
            default=referentiel.DOSSIER_PAR_DEFAUT,
            help="référentiel figé des communes (celui du dépôt ; un référentiel réduit pour le test de fumée)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            referentiel.verifier_empreintes(options["referentiel"])
        except referentiel.ReferentielInvalide as erreur:
            raise CommandError(f"Référentiel refusé : {erreur}") from None
        options["dossier"] = options["dossier"].resolve()
        options["dossier"].mkdir(parents=True, exist_ok=True)
        if os.environ.get(ACTIF) == "1":
            self._mesurer(options)
        else:
            self._relancer(options)

    def _relancer(self, options: dict[str, Any]) -> None:
        url = os.environ.get("DATABASE_URL") or base.url_sqlite(base.fichier_jeu(options["dossier"], options["petit"]))
        # Whitenoise attend le dossier des fichiers statiques de production, même vide (les mesures n'en servent pas).
        (options["dossier"] / "donnees" / "static").mkdir(parents=True, exist_ok=True)
        env = {**base.environnement(options["dossier"], url, secrets.token_urlsafe(50)), ACTIF: "1"}
        commande = [sys.executable, "-m", "cpts", "bench", "--dossier", str(options["dossier"])]
        commande += ["--sortie", str(options["sortie"].resolve()), "--graine", str(options["graine"])]
        commande += ["--referentiel", str(options["referentiel"].resolve())]
        for option in ("duree_charge", "repetitions"):
            if options[option] is not None:
                commande += [f"--{option.replace('_', '-')}", str(options[option])]
        if options["petit"]:
            commande.append("--petit")
        if subprocess.run(commande, env=env).returncode:
            raise CommandError("Le banc d'essai a échoué (voir ci-dessus).")

    def _etape(self, texte: str) -> None:
        self.stderr.write(f"— {texte}")

    def _mesurer(self, options: dict[str, Any]) -> None:
        petit, dossier, graine, communes = (
            options["petit"],
            options["dossier"],
            options["graine"],
            options["referentiel"],
        )
        repetitions = options["repetitions"] or (5 if petit else 30)
        duree = options["duree_charge"] or (2.0 if petit else 60.0)
        departements = jeu.DEPARTEMENTS_PETIT if petit else None

        self._etape("Import complet des communes sur une base vide (processus à part)")
        importe = import_communes.mesurer(dossier, 1 if petit else 3, communes)
        self._etape("Mise à jour des populations de toutes les communes (processus à part)")
        mise_a_jour = import_communes.mesurer_la_mise_a_jour(dossier, 1 if petit else 3, communes, importe.base)
        resultats = [
            import_communes.resultat(importe),
            import_communes.resultat_de_la_mise_a_jour(mise_a_jour, importe),
        ]

        resume = base.jeu_existant(dossier, petit, graine, communes)
        if resume is None:
            self._etape("Construction du jeu de données (une fois pour cette graine et cette version)")
            base.preparer_base_du_jeu(dossier, petit, importe.base, communes)
            with Barre("Projets", "projets", options["verbosity"]) as barre:
                resume = jeu.construire(departements, graine, progression=barre).en_json()
            base.noter_jeu(dossier, petit, graine, communes, resume)
        else:
            self._etape("Jeu de données déjà construit : repris tel quel")

        # Le fichier se compose depuis le référentiel de la base du jeu ; les imports mesurés partent d'une copie de la
        # base des seules communes.
        self._etape("Import du portefeuille d'une région, puis insertion brute des mêmes lignes (processus à part)")
        region = portefeuille.mesurer(
            dossier, importe.base, 1 if petit else 3, 10 if petit else portefeuille.NOMBRE_CPTS
        )
        resultats.append(portefeuille.resultat(region))

        self._etape("Sauvegarde complète du jeu, puis restauration sur une base neuve (processus à part)")
        resultats += sauvegarde.resultats(sauvegarde.mesurer(dossier), "jeu réduit" if petit else "jeu national")

        _, lecteur = jeu.creer_comptes()
        codes = jeu.communes_d_un_territoire(COMMUNES_RESUME, departements)
        # La composition libre commence avec toutes les communes sauf une : l'ajout mesuré est le 200e.
        ouvert = acces.preparer(lecteur, {brouillon.cle(None): codes[:-1]})
        cibles = list(Territoire.objects.filter(fin__isnull=True).order_by("cpts_id").values_list("cpts_id", flat=True))
        cibles = cibles[:: max(1, len(cibles) // TERRITOIRES_CHARGE)]
        contrats = list(Contrat.objects.order_by("pk").values_list("pk", flat=True))
        region_du_plan = Cpts.objects.get(pk=cibles[0]).region
        plan = charge_mixte.plan(cibles, contrats, region_du_plan, codes)

        self._etape(f"Échéanciers de {CONTRATS_ECHEANCIERS} contrats")
        resultats.append(echeanciers.mesurer(CONTRATS_ECHEANCIERS, graine, 1 if petit else 10))

        self._etape(f"Indicateurs du diagnostic : {diagnostic.INDICATEURS} sur {len(codes)} communes")
        diagnostic.preparer(codes, graine)

        self._etape(f"Serveur gunicorn ({serveur.PROCESSUS} processus) : {repetitions} mesures par scénario")
        with serveur.gunicorn(os.environ) as port:
            client = serveur.Client(port, ouvert.entetes)
            resultats.append(territoire.resume(client, ouvert, codes, repetitions))
            resultats.append(territoire.ajout_commune(client, ouvert, codes, repetitions))
            resultats.append(territoire.retrait_commune(client, ouvert, codes, repetitions))
            resultats.append(diagnostic.profil(client, ouvert, codes, repetitions))
            resultats.append(territoire.recherche_commune(client, ouvert, repetitions))
            resultats.append(territoire.plancher(client, pilotage.PAGE_TRIVIALE, repetitions))
            resultats += pilotage.mesurer(client, lecteur, repetitions)
            resultats += pilotage.mesurer_agent(port, repetitions)
            resultats += pilotage.mesurer_api_agent(port, repetitions)
            client.fermer()
            self._etape(f"Charge mixte de pages et d'API pendant {duree:g} s")
            resultats += charge_mixte.resultats(charge_mixte.lancer(port, ouvert, plan, duree), duree)

        parametres = {
            "petit": petit,
            "graine": graine,
            "repetitions": repetitions,
            "duree_charge_s": duree,
            "referentiel": str(communes),
        }
        rapport.ecrire(options["sortie"], rapport.en_json(resultats, resume, parametres))
        self.stdout.write(rapport.tableau(resultats))
        self.stdout.write(f"Résultats écrits dans {options['sortie']}.")
