"""Paramètres datés de la commission paritaire régionale, lus de `parametres/commission/commission.yaml`."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from cpts.regles.lecture import Lecteur, Valeur, en_vigueur, lire_yaml

FICHIER_PARAMETRES = Path(__file__).parent.parent / "parametres" / "commission" / "commission.yaml"


FONDEMENTS = ("texte", "interpretation", "analogie")


CLES_PARAMETRE = {"description", "unite", "fondement", "note", "valeurs"}


class ParametreAbsent(LookupError):
    """Le paramètre n'a pas de valeur à la date demandée (avant sa première date, ou après sa fin)."""


@dataclass(frozen=True, slots=True)
class Parametre:
    cle: str
    description: str
    unite: str
    fondement: str
    note: str | None
    valeurs: tuple[Valeur[Any], ...]

    @property
    def par_analogie(self) -> bool:
        return self.fondement == "analogie"

    def en_vigueur(self, le: date) -> Valeur[Any] | None:
        return en_vigueur(self.valeurs, le)

    def au(self, le: date) -> Any:
        valeur = self.en_vigueur(le)
        if valeur is None:
            premiere = self.valeurs[0].depuis.strftime("%d/%m/%Y")
            raise ParametreAbsent(
                f"{self.description} : pas de valeur au {le:%d/%m/%Y} (connue à partir du {premiere})"
            )
        return valeur.valeur


def charger(chemin: Path) -> dict[str, Parametre]:
    """Lit le fichier et rend les paramètres par clé pointée (`reunions.delai_convocation_jours`)."""
    lecteur = _Lecteur(chemin.name)
    return {
        f"{groupe}.{nom}": lecteur.parametre(noeud, f"{groupe}.{nom}")
        for groupe, contenu in lecteur.dictionnaire(lire_yaml(chemin), "").items()
        for nom, noeud in lecteur.dictionnaire(contenu, str(groupe)).items()
    }


class _Lecteur(Lecteur):
    """Un paramètre de la commission : la forme commune, plus son fondement ; sa valeur est libre."""

    def parametre(self, brut: object, cle: str) -> Parametre:
        noeud = self.dictionnaire(brut, cle)
        self.cles_permises(noeud, cle, CLES_PARAMETRE)
        if noeud.get("fondement") not in FONDEMENTS:
            raise self.erreur(f"{cle}.fondement", f"une valeur parmi {', '.join(FONDEMENTS)} attendue")
        return Parametre(
            cle=cle,
            description=self.chaine(noeud, cle, "description"),
            unite=self.chaine(noeud, cle, "unite"),
            fondement=noeud["fondement"],
            note=None if noeud.get("note") is None else self.chaine(noeud, cle, "note"),
            valeurs=self.valeurs(noeud.get("valeurs"), f"{cle}.valeurs", lambda valeur, _: valeur),
        )


@cache
def parametres() -> Mapping[str, Parametre]:
    """Les paramètres livrés avec l'application, lus une fois."""
    return charger(FICHIER_PARAMETRES)


def parametre(cle: str) -> Parametre:
    return parametres()[cle]


def valeur(cle: str, le: date) -> Any:
    return parametre(cle).au(le)
