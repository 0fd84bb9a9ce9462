"""Chaque tableau de pilotage décrit une fois (colonnes et lignes), puis rendu en page, CSV, XLSX, PDF,
JSON ou tableau de console."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cpts import affichage, exports
from cpts.pilotage import tableaux
from cpts.pilotage.etapes import COLONNES, LIBELLES
from cpts.regles import referentiel

NATURES_NOMBRES = ("entier", "montant", "part")
_NOMBRES: dict[str, exports.SorteDeNombre] = {"entier": "entier", "montant": "montant", "part": "part"}


@dataclass(frozen=True)
class Colonne:
    cle: str
    titre: str
    nature: str = "texte"  # texte, entier, montant, part, date


@dataclass
class Tableau:
    code: str
    titre: str
    region: str | None
    date: datetime.date
    colonnes: list[Colonne]
    lignes: list[dict[str, Any]]
    total: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def en_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "date": self.date.isoformat(),
            "lignes": [_json(ligne) for ligne in self.lignes],
            "total": _json(self.total) if self.total else None,
        }

    def colonnes_export(self) -> list[exports.Colonne]:
        return [exports.Colonne(c.titre, _lecteur(c.cle), _NOMBRES.get(c.nature, "")) for c in self.colonnes]

    def lignes_export(self) -> list[dict[str, Any]]:
        return [*self.lignes, *([self.total] if self.total else [])]

    def cellules(self, ligne: dict[str, Any]) -> list[str]:
        return [formater(ligne.get(c.cle), c.nature) for c in self.colonnes]

    @property
    def rangees(self) -> list["Rangee"]:
        """Les lignes mises en forme pour une page : (texte, aligné à droite) par cellule."""
        return [Rangee(self._rangee(ligne)) for ligne in self.lignes]

    @property
    def rangee_total(self) -> list[tuple[str, bool]]:
        return self._rangee(self.total) if self.total else []

    def _rangee(self, ligne: dict[str, Any]) -> list[tuple[str, bool]]:
        return [(formater(ligne.get(c.cle), c.nature), c.nature in NATURES_NOMBRES) for c in self.colonnes]


@dataclass(frozen=True)
class Rangee:
    """Les cellules d'une ligne de tableau, rendues d'un coup dans la page (`{{ rangee }}`) : cellule par cellule,
    le moteur de gabarits coûtait plus que tout le calcul d'un tableau gardé (600 cellules de l'état des lieux
    national)."""

    cellules: list[tuple[str, bool]]

    def __html__(self) -> str:
        # Chaque texte est échappé par format_html.
        return mark_safe(
            "".join(
                format_html('<td class="cpts-nombre">{}</td>', texte) if nombre else format_html("<td>{}</td>", texte)
                for texte, nombre in self.cellules
            )
        )


def _lecteur(cle: str) -> Callable[[dict[str, Any]], Any]:
    return lambda ligne: ligne.get(cle)


def _json(ligne: dict[str, Any]) -> dict[str, Any]:
    return {
        cle: f"{valeur:.2f}"
        if isinstance(valeur, Decimal)
        else valeur.isoformat()
        if isinstance(valeur, datetime.date)
        else valeur
        for cle, valeur in ligne.items()
    }


def formater(valeur: Any, nature: str) -> str:
    if valeur is None or valeur == "":
        return ""
    if nature == "entier":
        return affichage.nombre(valeur)
    if nature == "montant":
        return affichage.montant(valeur)
    if nature == "part":
        return affichage.pourcentage(valeur)
    if nature == "date":
        return f"{valeur:%d/%m/%Y}"
    return str(valeur)


def etat_des_lieux(region: str | None, date: datetime.date) -> Tableau:
    etat = tableaux.etat_des_lieux(region, date)
    colonnes = [
        Colonne("departement", "Département"),
        *(Colonne(cle, LIBELLES[cle], "entier") for cle in COLONNES),
        Colonne("total", "Total", "entier"),
    ]
    return Tableau(
        "etat-des-lieux",
        f"État des lieux des CPTS au {date:%d/%m/%Y}",
        region,
        date,
        colonnes,
        [ligne.en_dict() for ligne in etat.lignes],
        etat.total.en_dict(),
        ["Dynamiques : dynamique ou lettre d'intention ; pré-projets validés : jusqu'au dépôt du projet de santé."],
    )


def contrats_signes(region: str | None, date: datetime.date) -> Tableau:
    lignes = [
        {
            "departement": c.departement,
            "nom": c.nom,
            "signature": c.signature,
            "taille": c.taille,
            "population": c.population,
            "avertissement": c.avertissement,
        }
        for c in tableaux.contrats_signes(region, date)
    ]
    colonnes = [
        Colonne("departement", "Département"),
        Colonne("nom", "CPTS"),
        Colonne("signature", "Date de signature", "date"),
        Colonne("taille", "Taille", "entier"),
        Colonne("population", "Population à la signature", "entier"),
        Colonne("avertissement", "Qualité des données"),
    ]
    total = {"departement": "TOTAL", "nom": f"{len(lignes)} contrats"}
    return Tableau("contrats-signes", f"Contrats ACI signés au {date:%d/%m/%Y}", region, date, colonnes, lignes, total)


def _lignes_couverture(zones: list[tableaux.CouvertureRegion]) -> list[dict[str, Any]]:
    return [
        {
            "region": c.code,
            "nom": c.nom,
            "cpts_signees": c.cpts_signees,
            "population_couverte": c.population_couverte,
            "habitants": c.habitants,
            "part": c.part,
            **({"publie_le": c.publie_le} if isinstance(c, tableaux.ChiffrePublie) else {}),
            "source": c.source,
        }
        for c in zones
    ]


COLONNES_COUVERTURE = [
    Colonne("nom", "Région"),
    Colonne("cpts_signees", "CPTS signées", "entier"),
    Colonne("population_couverte", "Population couverte par une CPTS conventionnée", "entier"),
    Colonne("habitants", "Habitants", "entier"),
    Colonne("part", "Part couverte", "part"),
]


def couverture_regions(region: str | None, date: datetime.date) -> Tableau:
    lignes = _lignes_couverture(tableaux.couverture_regions(date))
    signees = sum(ligne["cpts_signees"] for ligne in lignes)
    couverte = sum(ligne["population_couverte"] for ligne in lignes)
    habitants = sum(ligne["habitants"] for ligne in lignes)
    total = {
        "region": "FR",
        "nom": "Total général",
        "cpts_signees": signees,
        "population_couverte": couverte,
        "habitants": habitants,
        "part": Decimal(couverte) / habitants if habitants else Decimal(0),
    }
    return Tableau(
        "couverture-regions",
        f"Couverture calculée de la population par région au {date:%d/%m/%Y}",
        None,
        date,
        COLONNES_COUVERTURE,
        lignes,
        total,
        [
            "Couverture calculée : population des communes des territoires en vigueur à la date des CPTS dont le"
            " contrat ACI est signé ce jour-là, rapportée aux habitants (la même que « cpts couverture »). Les"
            " chiffres publiés par les institutions sont dans un tableau à part, avec leur date et leur source.",
        ],
    )


def couverture_publiee(region: str | None, date: datetime.date) -> Tableau:
    lignes = _lignes_couverture(tableaux.chiffres_publies(date))
    colonnes = [
        Colonne("nom", "Zone"),
        *COLONNES_COUVERTURE[1:],
        Colonne("publie_le", "Chiffres au", "date"),
        Colonne("source", "Source"),
    ]
    return Tableau(
        "couverture-publiee",
        f"Chiffres de couverture publiés, les plus récents au {date:%d/%m/%Y}",
        None,
        date,
        colonnes,
        lignes,
        None,
        [
            "Chiffres tels que publiés à leur date par l'institution citée, repris sans calcul : ils ne disent pas"
            " la couverture du jour, que donne le tableau de la couverture calculée.",
        ],
    )


def etats_publies(region: str | None, date: datetime.date) -> Tableau:
    lignes = [
        {"nom": ligne.nom, **ligne.comptes, "total": ligne.total, "publie_le": ligne.publie_le, "source": ligne.source}
        for ligne in tableaux.etats_publies(date)
    ]
    colonnes = [
        Colonne("nom", "Zone"),
        *(Colonne(cle, LIBELLES[cle], "entier") for cle in COLONNES),
        Colonne("total", "Total", "entier"),
        Colonne("publie_le", "Chiffres au", "date"),
        Colonne("source", "Source"),
    ]
    return Tableau(
        "etats-publies",
        f"Projets de CPTS par étape, chiffres publiés, les plus récents au {date:%d/%m/%Y}",
        None,
        date,
        colonnes,
        lignes,
        None,
        [
            "Chiffres tels que publiés à leur date par l'institution citée, repris sans calcul et jamais ajoutés à"
            " l'état des lieux calculé depuis les dossiers.",
        ],
    )


def paiements(region: str | None, date: datetime.date) -> Tableau:
    annees = tableaux.paiements(region, date)
    textes = referentiel()
    missions = sorted(
        {m for annee in annees for m in annee.par_mission}, key=lambda m: textes.ordre_missions.get(m, 99)
    )
    libelles = {
        code: mission.libelle
        for texte in textes.financiers
        for code, mission in textes.bareme(texte.code).missions.items()
    }
    lignes = [
        {"annee": str(annee.annee), **{m: annee.par_mission.get(m, Decimal(0)) for m in missions}, "total": annee.total}
        for annee in annees
    ]
    total = {
        "annee": "TOTAL",
        **{m: sum((a.par_mission.get(m, Decimal(0)) for a in annees), Decimal(0)) for m in missions},
        "total": sum((a.total for a in annees), Decimal(0)),
    }
    colonnes = [
        Colonne("annee", "Année"),
        *(Colonne(m, libelles.get(m, m), "montant") for m in missions),
        Colonne("total", "Total", "montant"),
    ]
    return Tableau(
        "paiements", f"Paiements versés aux CPTS jusqu'au {date:%d/%m/%Y}", region, date, colonnes, lignes, total
    )


TABLEAUX: dict[str, Callable[[str | None, datetime.date], Tableau]] = {
    "etat-des-lieux": etat_des_lieux,
    "contrats-signes": contrats_signes,
    "couverture-regions": couverture_regions,
    "couverture-publiee": couverture_publiee,
    "etats-publies": etats_publies,
    "paiements": paiements,
}
