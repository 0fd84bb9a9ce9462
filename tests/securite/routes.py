"""Toutes les routes de la plateforme : les motifs d'URL nommés (avec leurs espaces de noms) et les opérations de
l'API (méthode et chemin, lus dans son schéma OpenAPI).

Une route de l'API décrite par OpenAPI est remplacée par ses opérations ; une adresse de l'API absente du schéma
(documentation, racine, opération cachée) reste un motif nommé `api:…` : rien n'échappe au décompte.
"""

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from cpts.api.app import api

PREFIXE_API = "/api/v1"


def _motifs(resolver: URLResolver, prefixe: str = "", espace: str = "") -> Iterator[tuple[str, str]]:
    """(nom complet, chemin) de chaque motif ; un motif sans nom est désigné par son chemin."""
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            sous_espace = ":".join(filter(None, [espace, motif.namespace]))
            yield from _motifs(motif, prefixe + str(motif.pattern), sous_espace)
        elif isinstance(motif, URLPattern):
            chemin = prefixe + str(motif.pattern)
            nom = motif.name or chemin
            yield (f"{espace}:{nom}" if espace else nom), chemin


def operations_api() -> dict[str, str]:
    """« MÉTHODE /api/v1/chemin/{parametre} » → chemin, pour chaque opération du schéma OpenAPI."""
    schema = api.get_openapi_schema(path_prefix=PREFIXE_API)
    return {
        f"{methode.upper()} {chemin}": chemin
        for chemin, operations in schema["paths"].items()
        for methode in operations
    }


def _chemin_openapi(chemin: str) -> str:
    """`api/v1/cpts/<cpts_id>` (motif Django) → `/api/v1/cpts/{cpts_id}` (chemin OpenAPI)."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", chemin)


def toutes_les_routes() -> dict[str, str]:
    """Chaque route → son chemin (motif Django ou chemin OpenAPI), d'où se lisent les paramètres qu'elle attend."""
    operations = operations_api()
    decrits = set(operations.values())
    motifs = {
        nom: chemin
        for nom, chemin in _motifs(get_resolver())
        if not (nom.startswith("api:") and _chemin_openapi(chemin) in decrits)
    }
    return motifs | operations


def parametres_du_chemin(chemin: str) -> list[str]:
    return re.findall(r"[<{](?:\w+:)?(\w+)[>}]", chemin)
