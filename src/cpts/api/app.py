"""L'API REST v1 : une seule instance django-ninja, décrite par OpenAPI sur /api/v1/openapi.json."""

from typing import Any

from ninja import NinjaAPI

from cpts.api import (
    commission,
    comptabilite,
    contrats,
    cpts,
    diagnostic,
    documentation,
    dossiers,
    erreurs,
    pilotage,
    portefeuille,
    regles,
    renouvellement,
    territoires,
)
from cpts.api.auth import AUTHENTIFICATIONS
from cpts.api.corps import CorpsControle


class Api(NinjaAPI):
    """django-ninja, et dans la description OpenAPI les réponses d'erreur de chaque opération."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return documentation.completer(super().get_openapi_schema(**kwargs))


api = Api(
    title="API Pilotage CPTS",
    version="1",
    description=(
        "Territoires, CPTS et leurs dossiers, règles de financement de l'ACI, contrats et versements, CPR, tableaux "
        "de pilotage. Authentification par jeton personnel "
        "(`Authorization: Bearer cpts_…`), créé depuis la page « Mes jetons d'API » ; chaque jeton a les droits "
        "de son titulaire. Erreurs : JSON `{code, message, details}`, message en français."
    ),
    urls_namespace="api",
    auth=AUTHENTIFICATIONS,
    parser=CorpsControle(),
    openapi_url="/openapi.json",
    docs_url="/docs",
)
erreurs.installer(api)
api.add_router("", cpts.router)
api.add_router("", territoires.router)
api.add_router("", dossiers.router)
api.add_router("/regles", regles.router)
api.add_router("/commission", commission.router)
api.add_router("", contrats.router)
api.add_router("", renouvellement.router)
api.add_router("", pilotage.router)
api.add_router("", portefeuille.router)
api.add_router("", diagnostic.router)
api.add_router("", comptabilite.router)
