from django import template

from cpts.dossiers.enums import ETAPES_OUVERTES, Etape

register = template.Library()

# Les teintes des couches du compositeur, dans l'ordre de la légende (couleurs : cpts.css, `--cpts-teinte-*`).
COMPOSITION = (
    ("choisie", "Communes choisies"),
    ("conflit", "Conflit avec une autre CPTS"),
    ("autre_cpts", "Communes d'autres CPTS"),
)


@register.simple_tag
def legende_carte(genre: str) -> list[tuple[str, str]]:
    """(teinte, libellé) de chaque entrée de la légende : la carte d'une région colore les territoires par étape,
    le compositeur ses communes par couche. Les mêmes teintes que celles que dessine carte.js."""
    if genre == "composition":
        return list(COMPOSITION)
    return [(etape.value, etape.label) for etape in Etape if etape in ETAPES_OUVERTES] + [
        ("departement", "Limites des départements")
    ]
