"""Les réponses d'erreur de chaque opération dans la description OpenAPI, avec le schéma `ErreurSortie`.

Trois statuts se déduisent de la forme de l'opération, et sont donc ajoutés à toutes celles qui l'ont : 401 (toute
l'API demande un jeton), 404 quand l'adresse nomme un objet (identifiant ou code libre : absent ou hors du périmètre,
c'est la même réponse), 422 quand l'opération lit des paramètres ou un corps. Les autres (403 : action que le rôle
ne permet pas sur un objet visible ; 409 : refus métier ou révision dépassée) sont propres à l'opération, qui les
déclare avec `erreurs(…)` dans son `openapi_extra`.
"""

from typing import Any

from cpts.api.erreurs import ErreurSortie

SCHEMA = "ErreurSortie"
DESCRIPTIONS = {
    401: "Jeton personnel absent, expiré ou révoqué (`non_authentifie`).",
    403: "Votre rôle ne permet pas cette action sur cet objet, que vous voyez (`acces_refuse`).",
    404: "Objet introuvable, ou hors de votre périmètre (`introuvable`).",
    409: "Demande refusée par les règles du domaine (`refus`, le détail dit pourquoi) ou révision dépassée "
    "(`conflit`).",
    422: "Paramètres ou corps invalides (`donnees_invalides`, le détail nomme chaque champ).",
}


def _reponse(statut: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS[statut],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{SCHEMA}"}}},
    }


def erreurs(*statuts: int) -> dict[str, Any]:
    """Le `openapi_extra` d'une opération qui peut aussi répondre par ces statuts."""
    return {"responses": {statut: _reponse(statut) for statut in statuts}}


def _nomme_un_objet(operation: dict[str, Any]) -> bool:
    # Un paramètre d'adresse énuméré (code de tableau) se valide comme les autres paramètres : 422, pas 404.
    return any(
        parametre["in"] == "path" and "enum" not in parametre.get("schema", {}) and "$ref" not in parametre["schema"]
        for parametre in operation.get("parameters", [])
    )


def statuts_deduits(operation: dict[str, Any]) -> set[int]:
    statuts = {401}
    if _nomme_un_objet(operation):
        statuts.add(404)
    if operation.get("parameters") or "requestBody" in operation:
        statuts.add(422)
    return statuts


def completer(schema: dict[str, Any]) -> dict[str, Any]:
    """La description OpenAPI avec les réponses d'erreur déduites de chaque opération et le schéma des erreurs."""
    schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        SCHEMA, ErreurSortie.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    for operations in schema["paths"].values():
        for operation in operations.values():
            reponses = operation.setdefault("responses", {})
            # django-ninja écrit les statuts en entiers, `openapi_extra` aussi : une seule clé par statut.
            for statut in sorted(statuts_deduits(operation)):
                if statut not in reponses and str(statut) not in reponses:
                    reponses[statut] = _reponse(statut)
    return schema
