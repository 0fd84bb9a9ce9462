"""Les missions et volets de l'ACI tels que les textes de `cpts.regles` les nomment : codes, libellés, catégories."""

from datetime import date
from functools import cache

from cpts.financement.rendu import libelles
from cpts.regles import referentiel

FONCTIONNEMENT = "fonctionnement"


def codes() -> list[str]:
    """Toutes les missions connues d'un texte, fonctionnement exclu, dans l'ordre du texte le plus récent."""
    ordre = referentiel().ordre_missions
    return [code for code in sorted(ordre, key=ordre.__getitem__) if code != FONCTIONNEMENT]


def libelle_mission(code: str) -> str:
    return libelles()[0].get(code, code)


def libelle_volet(mission: str, volet: str) -> str:
    return libelles()[1].get((mission, volet), volet)


@cache
def _categories() -> dict[str, str]:
    textes = referentiel()
    categories: dict[str, str] = {}
    for texte in reversed(textes.financiers):
        for mission in textes.bareme(texte.code).missions.values():
            categories.setdefault(mission.code, mission.categorie)
    return categories


def categorie(code: str) -> str:
    return _categories().get(code, "")


def du_texte(le: date) -> list[str]:
    """Les missions du texte en vigueur le jour `le`, fonctionnement exclu."""
    return [code for code in referentiel().bareme_au(le).missions if code != FONCTIONNEMENT]


def socles(le: date) -> list[str]:
    """Les missions socles du texte en vigueur : obligatoires dans tout contrat signé sous ce texte."""
    bareme = referentiel().bareme_au(le)
    return [code for code, mission in bareme.missions.items() if mission.categorie == "socle"]


def choix(le: date | None = None) -> list[tuple[str, str]]:
    liste = du_texte(le) if le else codes()
    return [(code, libelle_mission(code)) for code in liste]


def duree_contrat(signature: date) -> int:
    """La durée du contrat en années, selon le texte en vigueur à la signature (5 ans, [ars-aura-guide])."""
    return referentiel().bareme_au(signature).regles_versement(signature).duree_contrat_annees


def delai_paiement_mois(le: date) -> int:
    return referentiel().bareme_au(le).regles_versement(le).delai_paiement_mois
