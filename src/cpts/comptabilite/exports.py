"""Les exports de l'emploi des fonds, déclarés une fois (`cpts.exports`) : le tableau par CPTS des agents et des
lecteurs nationaux, et les données ouvertes (agrégats seuls, sans CPTS ni personne ; schéma dans
docs/comptabilite.md)."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from cpts import exports
from cpts.comptabilite.agregats import EmploiDesFonds, LigneCpts
from cpts.contrats.missions import libelle_mission
from cpts.regles.comptabilite.agregats import Statistique
from cpts.regles.comptabilite.plan import NATURES


def colonnes_par_cpts(vue: EmploiDesFonds) -> list[exports.Colonne]:
    par_mission = [
        exports.Colonne(f"Charges — {libelle_mission(m)} (€)", lambda x, m=m: x.charges_par_mission[m])
        for m in vue.missions
    ]
    return [
        exports.Colonne("CPTS", lambda x: x.nom),
        exports.Colonne("Région", lambda x: x.region),
        exports.Colonne("Population couverte", lambda x: x.population),
        *par_mission,
        exports.Colonne("Total des charges (€)", lambda x: x.charges),
        exports.Colonne("ACI reçue (€)", lambda x: x.aci),
        exports.Colonne("Part des fonds ACI dépensée", lambda x: x.part_aci_depensee),
        exports.Colonne("Réserves à la clôture (€)", lambda x: x.reserves_cloture),
        exports.Colonne("Réserves au-delà du seuil", lambda x: "oui" if x.reserves_au_dessus_du_seuil else "non"),
    ]


def lignes_par_cpts(vue: EmploiDesFonds) -> Iterable[LigneCpts]:
    return vue.lignes


# Données ouvertes : une ligne par mission et une par nature de charge, pour le groupe (région ou France).
CHAMPS_OUVERTS = (
    "perimetre",
    "exercice",
    "date_des_donnees",
    "categorie",
    "code",
    "libelle",
    "nombre_cpts",
    "total_euros",
    "premier_quartile_euros",
    "mediane_euros",
    "troisieme_quartile_euros",
    "euros_par_habitant",
)


def _ligne(vue: EmploiDesFonds, categorie: str, code: str, libelle: str, stat: Statistique) -> dict[str, Any]:
    return {
        "perimetre": vue.region or "FR",
        "exercice": vue.annee,
        "date_des_donnees": vue.le.isoformat(),
        "categorie": categorie,
        "code": code,
        "libelle": libelle,
        "nombre_cpts": stat.effectif,
        "total_euros": stat.total,
        "premier_quartile_euros": stat.premier_quartile,
        "mediane_euros": stat.mediane,
        "troisieme_quartile_euros": stat.troisieme_quartile,
        "euros_par_habitant": stat.par_habitant,
    }


def lignes_ouvertes(vue: EmploiDesFonds) -> list[dict[str, Any]]:
    lignes = [_ligne(vue, "mission", m, libelle_mission(m), vue.par_mission[m]) for m in vue.missions]
    effectif = len(vue.lignes)
    for nature in NATURES:
        total = vue.par_nature[nature.code]
        vide = Statistique(effectif, total, None, None, None, None)
        lignes.append(_ligne(vue, "nature", nature.code, nature.libelle, vide))
    lignes.append(_ligne(vue, "indicateur", "part_aci_depensee", "Part des fonds ACI dépensée", vue.part_aci_depensee))
    return lignes


def _cellule(valeur: object) -> object:
    return "" if valeur is None else (f"{valeur}" if isinstance(valeur, Decimal) else valeur)


def donnees_ouvertes(vue: EmploiDesFonds) -> bytes:
    """Le CSV des données ouvertes (séparateur « , », UTF-8 sans BOM, point décimal : un format d'échange, pas un
    tableur) ; une case tue par le secret statistique est vide."""
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=CHAMPS_OUVERTS, lineterminator="\n")
    ecrivain.writeheader()
    for ligne in lignes_ouvertes(vue):
        ecrivain.writerow({cle: _cellule(valeur) for cle, valeur in ligne.items()})
    return sortie.getvalue().encode("utf-8")
