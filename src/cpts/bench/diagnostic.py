"""Scénario du diagnostic territorial : le profil d'une composition de 200 communes avec 50 indicateurs importés
(valeurs par commune, plus le département, la région et la France), par l'API, face à `/sante/`."""

import json
import random
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db import transaction

from cpts.bench.acces import Acces
from cpts.bench.rapport import Resultat
from cpts.bench.serveur import Client, verifier
from cpts.bench.territoire import CIBLE_REQUETE, REFERENCE, _comparer_a_sante
from cpts.diagnostic import recalcul
from cpts.diagnostic.models import Indicateur, Niveau, Valeur
from cpts.regles.diagnostic import Nature
from cpts.territoires.models import Commune

INDICATEURS = 50
PREFIXE = "banc_"
NATURES = (Nature.EFFECTIF, Nature.TAUX, Nature.MOYENNE)


@transaction.atomic
def preparer(codes: Sequence[str], graine: int) -> None:
    """Les 50 indicateurs du banc, refaits à chaque mesure (graine fixe) : rien d'autre n'est touché."""
    Indicateur.objects.filter(code__startswith=PREFIXE).delete()
    hasard = random.Random(graine)
    lieux = list(Commune.objects.filter(code__in=codes).values_list("code", "departement_id", "region_id"))
    comparaisons = {(Niveau.FRANCE, "FR")}
    comparaisons |= {(Niveau.DEPARTEMENT, d) for _, d, _ in lieux} | {(Niveau.REGION, r) for _, _, r in lieux}
    valeurs = []
    for rang in range(INDICATEURS):
        nature = NATURES[rang % len(NATURES)]
        indicateur = Indicateur.objects.create(
            code=f"{PREFIXE}{rang:02d}",
            libelle=f"Indicateur du banc {rang}",
            theme=f"Thème du banc {rang // 10}",
            nature=nature.value,
            source="banc d'essai",
            ordre=rang,
        )
        lignes = [(Niveau.COMMUNE, code, 1) for code, _, _ in lieux]
        lignes += [(niveau, code, 1000) for niveau, code in comparaisons]
        for niveau, code, echelle in lignes:
            denominateur = Decimal(hasard.randint(5, 2000) * echelle)
            numerateur = Decimal(hasard.randint(0, int(denominateur)))
            cellule: dict[str, Decimal | None] = {"valeur": denominateur}
            if nature == Nature.TAUX:
                cellule = {"valeur": numerateur / denominateur, "numerateur": numerateur, "denominateur": denominateur}
            elif nature == Nature.MOYENNE:
                cellule = {"valeur": Decimal(hasard.randint(1, 90)), "poids": denominateur}
            valeurs.append(Valeur(indicateur=indicateur, annee=2024, niveau=niveau, code=code, **cellule))
    Valeur.objects.bulk_create(valeurs, batch_size=1000)
    recalcul.recalculer({(f"{PREFIXE}{rang:02d}", 2024) for rang in range(INDICATEURS)})


def _demander(client: Client, acces: Acces, codes: Sequence[str]) -> bytes:
    corps = json.dumps({"communes": list(codes)}).encode()
    entetes = {"Content-Type": "application/json", **acces.entetes_api}
    return verifier(client.requete("POST", "/api/v1/diagnostic/profil", corps, entetes)).corps


def _controleur(communes: int) -> Callable[[bytes], None]:
    """La vérification d'un profil de `communes` communes, hors chrono (`cpts.bench.mesure.comparer`)."""

    def controler(reponse: bytes) -> None:
        donnees = json.loads(reponse)
        lignes = sum(len(theme["lignes"]) for theme in donnees["themes"])
        if donnees["communes"] != communes or lignes < INDICATEURS:
            raise RuntimeError(f"Profil incomplet : {donnees['communes']} communes, {lignes} indicateurs.")

    return controler


def profil(client: Client, acces: Acces, codes: Sequence[str], repetitions: int) -> Resultat:
    """Le même territoire relu : le profil gardé par le processus depuis le dernier import (le cas courant : la page
    d'une CPTS, ses exports, le profil du compositeur). Pour information, en notes et en détails, le profil calculé à
    chaque mesure : une commune de moins, chaque fois une autre, rien n'est relu du cache."""
    serie, reference = _comparer_a_sante(
        client, lambda: _demander(client, acces, codes), repetitions, controle=_controleur(len(codes))
    )
    rang = iter(range(10**9))

    def calculer() -> bytes:
        retiree = next(rang) % len(codes)
        return _demander(client, acces, [code for i, code in enumerate(codes) if i != retiree])

    calcul, reference_calcul = _comparer_a_sante(client, calculer, repetitions, controle=_controleur(len(codes) - 1))
    rapport = serie.mediane / reference.mediane
    rapport_calcul = calcul.mediane / reference_calcul.mediane
    return Resultat(
        "profil_territoire",
        f"Profil d'un territoire de {len(codes)} communes, {INDICATEURS} indicateurs (API)",
        f"≤ {CIBLE_REQUETE:g} × requête triviale",
        rapport <= CIBLE_REQUETE,
        serie,
        reference,
        f"{REFERENCE} (le profil calculé à chaque mesure, hors cache : médiane {calcul.mediane * 1000:.1f} ms, "
        f"{rapport_calcul:.1f} × sa propre référence)".replace(".", ","),
        details={
            "communes": len(codes),
            "indicateurs": INDICATEURS,
            "chemin": "POST /api/v1/diagnostic/profil",
            "calcul_hors_cache": {
                "min_ms": calcul.minimum * 1000,
                "mediane_ms": calcul.mediane * 1000,
                "max_ms": calcul.maximum * 1000,
                "reference_mediane_ms": reference_calcul.mediane * 1000,
                "rapport": rapport_calcul,
            },
        },
    )
