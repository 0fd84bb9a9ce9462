"""Scénario : les échéanciers de cinq ans de 1 000 contrats, calculés par les règles pures (`cpts.regles`),
face à une boucle du même nombre de tours qui ne fait que créer un petit objet."""

import datetime
import random
from dataclasses import dataclass

from cpts.bench.mesure import comparer
from cpts.bench.rapport import Resultat
from cpts.contrats import missions
from cpts.regles import Contrat, echeancier

CIBLE_SECONDES = 1.0


@dataclass(frozen=True, slots=True)
class _Vide:
    rang: int


def contrats(nombre: int, graine: int) -> list[Contrat]:
    """Des contrats variés : signés de 2019 à 2025, quatre tailles, missions socles et optionnelles datées."""
    rng = random.Random(graine)
    resultat = []
    for _ in range(nombre):
        signature = datetime.date(2019, 9, 1) + datetime.timedelta(days=rng.randrange(2300))
        socles = missions.socles(signature)
        choisies = socles + [code for code in missions.du_texte(signature) if code not in socles and rng.random() < 0.3]
        resultat.append(
            Contrat(
                signature=signature,
                taille=rng.randint(1, 4),
                missions={code: signature + datetime.timedelta(days=rng.randrange(365)) for code in choisies},
                membres=rng.randrange(20, 200),
            )
        )
    return resultat


def mesurer(nombre: int, graine: int, repetitions: int) -> Resultat:
    entrees = contrats(nombre, graine)
    versements = [0]

    def calculer() -> None:
        versements[0] = sum(len(echeancier(contrat)) for contrat in entrees)

    def creer_objets() -> None:
        for rang in range(nombre):
            _Vide(rang)

    serie, reference = comparer(calculer, creer_objets, repetitions)
    return Resultat(
        "echeanciers",
        f"Échéanciers de {nombre} contrats (5 ans, règles pures)",
        f"< {CIBLE_SECONDES:g} s",
        serie.mediane < CIBLE_SECONDES,
        serie,
        reference,
        f"boucle de {nombre} créations d'objet",
        details={"contrats": nombre, "versements": versements[0]},
    )
