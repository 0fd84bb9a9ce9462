"""Les résultats du banc : un tableau en français pour la console et `bench/resultats.json` pour les machines."""

import datetime
import json
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

from cpts.bench.mesure import Serie, rapport


@dataclass
class Resultat:
    """Une mesure : ses durées (en secondes), sa référence mesurée dans la même exécution, sa cible."""

    code: str
    libelle: str
    cible: str
    atteinte: bool
    serie: Serie | None = None
    reference: Serie | None = None
    reference_libelle: str = ""
    unite: str = "ms"
    valeur: str = ""
    """Ce que montre la colonne « rapport » quand il n'y a pas de référence (débit, mémoire…)."""
    note: str = ""
    """Ce que dit la mesure quand elle n'a pas de référence (valeurs absolues, conditions) : en note du tableau."""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def rapport(self) -> float | None:
        if self.serie is None or self.reference is None:
            return None
        return rapport(self.serie, self.reference)

    def en_json(self) -> dict[str, Any]:
        echelle = 1.0 if self.unite == "s" else 1000.0
        return {
            "code": self.code,
            "libelle": self.libelle,
            "unite": self.unite,
            "mesure": self.serie.en_json(echelle) if self.serie else None,
            "reference": (
                {"libelle": self.reference_libelle, **self.reference.en_json(echelle)} if self.reference else None
            ),
            "rapport": round(self.rapport, 2) if self.rapport is not None else None,
            "valeur": self.valeur,
            "note": self.note,
            "cible": self.cible,
            "atteinte": self.atteinte,
            "details": self.details,
        }


def machine() -> dict[str, Any]:
    return {
        "coeurs": os.cpu_count(),
        "python": platform.python_version(),
        "systeme": platform.platform(),
        "base": connection.vendor,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def en_json(resultats: list[Resultat], jeu: dict[str, Any], parametres: dict[str, Any]) -> dict[str, Any]:
    return {
        "machine": machine(),
        "parametres": parametres,
        "jeu": jeu,
        "mesures": [resultat.en_json() for resultat in resultats],
    }


def ecrire(chemin: Path, donnees: dict[str, Any]) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(json.dumps(donnees, ensure_ascii=False, indent=2) + "\n")


def nombre(valeur: float, decimales: int = 1) -> str:
    """À la française : espace entre les milliers, virgule décimale."""
    return f"{valeur:,.{decimales}f}".replace(",", " ").replace(".", ",")


def _cellules(resultat: Resultat) -> list[str]:
    echelle = 1.0 if resultat.unite == "s" else 1000.0
    if resultat.serie:
        temps = [
            f"{nombre(valeur * echelle)} {resultat.unite}"
            for valeur in (resultat.serie.minimum, resultat.serie.mediane, resultat.serie.maximum)
        ]
    else:
        temps = ["—", "—", "—"]
    rapport_ = f"{nombre(resultat.rapport)} ×" if resultat.rapport is not None else resultat.valeur
    return [resultat.libelle, *temps, rapport_, resultat.cible, "oui" if resultat.atteinte else "non"]


TITRES = ["Mesure", "min", "médiane", "max", "rapport", "cible", "atteinte"]


def tableau(resultats: list[Resultat]) -> str:
    """Le tableau de la console ; les références et le détail de chaque mesure suivent en notes."""
    lignes = [TITRES, *(_cellules(resultat) for resultat in resultats)]
    largeurs = [max(len(ligne[i]) for ligne in lignes) for i in range(len(TITRES))]

    def rangee(cellules: list[str]) -> str:
        return " | ".join(
            cellule.ljust(largeur) if i == 0 else cellule.rjust(largeur)
            for i, (cellule, largeur) in enumerate(zip(cellules, largeurs, strict=True))
        )

    texte = [rangee(TITRES), "-+-".join("-" * largeur for largeur in largeurs)]
    texte += [rangee(cellules) for cellules in lignes[1:]]
    texte.append("")
    for resultat in resultats:
        if resultat.reference:
            reference = resultat.reference.mediane * (1.0 if resultat.unite == "s" else 1000.0)
            texte.append(
                f"- {resultat.libelle} : référence {resultat.reference_libelle}, médiane "
                f"{nombre(reference)} {resultat.unite}."
            )
        elif resultat.note:
            texte.append(f"- {resultat.libelle} : sans référence, {resultat.note}.")
    return "\n".join(texte)
