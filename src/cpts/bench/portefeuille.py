"""Scénario : l'import du portefeuille d'une région entière (`cpts portefeuille importer`), dans un processus à part
(durée, mémoire de pointe), comparé à l'insertion brute des mêmes lignes (`bulk_create`, sans règle ni historique).

Le fichier : 150 CPTS de l'Auvergne-Rhône-Alpes, toutes les communes de ses EPCI qui ne débordent pas de la région
(environ 4 000), réparties par EPCI entre les CPTS ; chaque CPTS a son histoire complète (dynamique, lettre
d'intention, pré-projet validé avec subvention FIR, projet de santé déposé et validé) et une sur deux son contrat
signé, avec ses trois missions socles datées ; la moitié de ces contrats, finis avant le 30/06/2026, sont renouvelés
(le fichier porte le contrat précédent et celui qui le renouvelle). Le rapport import / insertion dit ce que coûtent
les règles, les droits et l'historique par rapport à l'écriture nue des mêmes lignes.
"""

import datetime
import os
import shutil
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from cpts import exports
from cpts.bench import base
from cpts.bench.enfant import Enfant, executer
from cpts.bench.mesure import Serie
from cpts.bench.rapport import Resultat
from cpts.regles.dates import anniversaire

if TYPE_CHECKING:
    from cpts.portefeuille.format import ContratFiche

REGION = "84"
NOMBRE_CPTS = 150
DUREE_CONTRAT = 5
# Les contrats finis à cette date sont renouvelés dans le fichier (une date fixe : le fichier ne dépend pas du jour).
RENOUVELES_JUSQU_AU = datetime.date(2026, 6, 30)
LIMITE_SECONDES = 30
LIMITE_MO = 500


def _epci_de_la_region() -> list[tuple[str, str, list[str]]]:
    """(SIREN, département, communes) des EPCI dont toutes les communes sont dans la région, par SIREN."""
    from cpts.territoires.models import Commune

    par_epci: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for code, epci, departement, region in Commune.objects.filter(
        active=True, type="commune", epci__isnull=False
    ).values_list("code", "epci_id", "departement_id", "departement__region_id"):
        par_epci[epci].append((code, departement, region))
    groupes = []
    for siren, communes in sorted(par_epci.items()):
        if all(region == REGION for _, _, region in communes):
            departements = sorted({departement for _, departement, _ in communes})
            groupes.append((siren, departements[0], [code for code, _, _ in communes]))
    return groupes


def _contrat(signature: datetime.date) -> "ContratFiche":
    from cpts.portefeuille.format import ContratFiche

    return ContratFiche(
        signature=signature,
        taille=2,
        population=None,
        membres=40,
        missions=tuple(
            (code, signature + datetime.timedelta(days=jours))
            for code, jours in (("acces", 0), ("parcours", 60), ("prevention", 180))
        ),
    )


def fichier_region(nombre_cpts: int = NOMBRE_CPTS) -> tuple[bytes, int]:
    """Le fichier CSV du portefeuille de la région et son nombre de communes ; moins de CPTS (banc réduit), moins
    d'EPCI : deux par CPTS."""
    from cpts.portefeuille.export import COLONNES_EXPORT
    from cpts.portefeuille.format import Decision, Fiche, ligne

    groupes = _epci_de_la_region()
    if nombre_cpts < NOMBRE_CPTS:
        groupes = groupes[: 2 * nombre_cpts]
    lots: list[list[tuple[str, str, list[str]]]] = [[] for _ in range(nombre_cpts)]
    for rang, groupe in enumerate(groupes):
        lots[rang % nombre_cpts].append(groupe)
    fiches, communes = [], 0
    for rang, lot in enumerate(filter(None, lots)):
        debut = datetime.date(2019, 1, 1) + datetime.timedelta(days=rang * 3)

        def jour(jours: int, debut: datetime.date = debut) -> datetime.date:
            return debut + datetime.timedelta(days=jours)

        departement = lot[0][1]
        etapes = {
            "lettre_intention": Decision(jour(90), "equipe_projet"),
            "pre_projet_valide": Decision(jour(150), "ecd"),
            "projet_sante_depose": Decision(jour(400), "equipe_projet"),
            "projet_sante_valide": Decision(jour(460), "ars_cpam"),
        }
        contrat = precedent = None
        if rang % 2 == 0:
            signature = jour(520)
            etapes["contrat_signe"] = Decision(signature, "ars_cpam")
            contrat = _contrat(signature)
            if rang % 4 == 0 and anniversaire(signature, DUREE_CONTRAT) <= RENOUVELES_JUSQU_AU:
                # Renouvelé le jour de sa fin : le fichier porte les deux contrats.
                precedent, contrat = contrat, _contrat(anniversaire(signature, DUREE_CONTRAT))
        codes = tuple(sorted(code for _, _, codes_epci in lot for code in codes_epci))
        communes += len(codes)
        fiches.append(
            Fiche(
                nom=f"CPTS du banc {rang + 1:03d}",
                siret="",
                association="",
                departement=departement,
                autres_departements=tuple(sorted({d for _, d, _ in lot} - {departement})),
                dynamique_depuis=debut,
                etapes=etapes,
                subvention_fir=Decimal("15000.00"),
                territoire_depuis=etapes["pre_projet_valide"].date,
                communes=codes,
                contrat=contrat,
                contrat_precedent=precedent,
            )
        )
    return exports.contenu_csv(COLONNES_EXPORT, [ligne(fiche) for fiche in fiches]), communes


def inserer_brut(chemin: str) -> None:
    """Les mêmes lignes que l'import, écrites par `bulk_create` : fiches, décisions, territoires et leurs communes,
    contrats et missions. Ni droits, ni règles, ni historique : la référence du rapport."""
    from django.db import transaction

    from cpts.comptes.models import Utilisateur
    from cpts.contrats.models import Contrat, MissionContrat
    from cpts.dossiers.enums import Etape
    from cpts.dossiers.models import Cpts, DecisionEtape
    from cpts.portefeuille.export import COLONNE_DE_TRANSITION
    from cpts.portefeuille.format import ETAPES
    from cpts.portefeuille.importation import communes_des_epci
    from cpts.portefeuille.lecture import lire
    from cpts.portefeuille.validation import lire_fiche
    from cpts.territoires.models import Territoire, UniteTerritoire

    transition_de = {colonne: transition for transition, colonne in COLONNE_DE_TRANSITION.items()}
    fiches = [lire_fiche(ligne, communes_des_epci)[0] for ligne in lire(Path(chemin).name, Path(chemin).read_bytes())]
    with transaction.atomic():
        auteur, _ = Utilisateur.objects.get_or_create(username="banc.portefeuille")
        projets = Cpts.objects.bulk_create(
            Cpts(
                nom=fiche.nom,
                departement=fiche.departement,
                autres_departements=list(fiche.autres_departements),
                region=REGION,
                dynamique_depuis=fiche.dynamique_depuis,
                etape=ETAPES[list(fiche.etapes)[-1]],
            )
            for fiche in fiches
        )
        decisions, territoires, contrats = [], [], []
        for projet, fiche in zip(projets, fiches, strict=True):
            etape = Etape.DYNAMIQUE
            for colonne, decision in fiche.etapes.items():
                decisions.append(
                    DecisionEtape(
                        cpts=projet,
                        transition=transition_de[colonne],
                        etape_avant=etape,
                        etape_apres=ETAPES[colonne],
                        date=decision.date,
                        instance=decision.instance,
                        enregistre_par=auteur,
                    )
                )
                etape = ETAPES[colonne]
            territoires.append(Territoire(cpts=projet, debut=fiche.territoire_depuis, cree_par=auteur))
            for _, termes in fiche.contrats():
                contrats.append(
                    (
                        Contrat(
                            cpts=projet,
                            signature=termes.signature,
                            fin=anniversaire(termes.signature, DUREE_CONTRAT),
                            texte="aci-2019",
                            taille=termes.taille,
                            membres=termes.membres,
                            enregistre_par=auteur,
                        ),
                        termes,
                    )
                )
        DecisionEtape.objects.bulk_create(decisions)
        Territoire.objects.bulk_create(territoires)
        UniteTerritoire.objects.bulk_create(
            UniteTerritoire(territoire=territoire, commune_id=code)
            for territoire, fiche in zip(territoires, fiches, strict=True)
            for code in fiche.communes
        )
        Contrat.objects.bulk_create(contrat for contrat, _ in contrats)
        MissionContrat.objects.bulk_create(
            MissionContrat(contrat=contrat, mission=code, demarrage=demarrage)
            for contrat, termes in contrats
            for code, demarrage in termes.missions
        )


@dataclass(frozen=True)
class ResultatPortefeuille:
    import_: Serie
    insertion: Serie
    memoire_mo: float
    processeur: Serie
    """Temps de calcul de l'import (utilisateur + système) : ce que la durée serait sur une machine libre."""
    cpts: int
    communes: int
    octets: int


def _executer(modele: Path, cible: Path, commande: list[str]) -> Enfant:
    """La commande dans un processus neuf, sur une copie fraîche de la base des communes."""
    for suffixe in ("", "-wal", "-shm"):
        Path(f"{cible}{suffixe}").unlink(missing_ok=True)
    shutil.copyfile(modele, cible)
    return executer(commande, {**os.environ, "DATABASE_URL": base.url_sqlite(cible)})


def mesurer(
    dossier: Path, base_des_communes: Path, repetitions: int, nombre_cpts: int = NOMBRE_CPTS
) -> ResultatPortefeuille:
    """Import puis insertion brute, en alternance, chacun dans un processus neuf sur une copie de la base des
    communes (le démarrage de Python et de Django est dans les deux durées)."""
    contenu, communes = fichier_region(nombre_cpts)
    fichier = dossier / f"portefeuille-{REGION}.csv"
    fichier.write_bytes(contenu)
    cible = dossier / "portefeuille.sqlite3"
    imports, insertions, processeur, memoire = [], [], [], 0.0
    for _ in range(repetitions):
        importe = _executer(base_des_communes, cible, ["portefeuille", "importer", str(fichier), "--region", REGION])
        imports.append(importe.duree)
        processeur.append(importe.processeur)
        memoire = max(memoire, importe.memoire_mo)
        reference = f"from cpts.bench.portefeuille import inserer_brut; inserer_brut({str(fichier)!r})"
        insertions.append(_executer(base_des_communes, cible, ["shell", "-c", reference]).duree)
    return ResultatPortefeuille(
        Serie(tuple(imports)),
        Serie(tuple(insertions)),
        memoire,
        Serie(tuple(processeur)),
        nombre_cpts,
        communes,
        len(contenu),
    )


def resultat(mesure: ResultatPortefeuille) -> Resultat:
    return Resultat(
        "import_portefeuille",
        f"Import du portefeuille d'une région ({mesure.cpts} CPTS, {mesure.communes} communes, histoires complètes)",
        f"< {LIMITE_SECONDES} s et < {LIMITE_MO} Mo",
        mesure.import_.maximum < LIMITE_SECONDES and mesure.memoire_mo < LIMITE_MO,
        mesure.import_,
        reference=mesure.insertion,
        reference_libelle="insertion brute des mêmes lignes (bulk_create, sans règles ni historique)",
        unite="s",
        details={
            "memoire_pointe_mo": round(mesure.memoire_mo, 1),
            "processeur_import_s": mesure.processeur.en_json(1.0),
            "communes": mesure.communes,
            "octets_du_fichier": mesure.octets,
        },
    )
