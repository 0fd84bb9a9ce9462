"""Le corps JSON d'un appel de l'API, lu une fois : le contrôle des entrées (cpts.www.middleware) l'a déjà lu et
vérifié, django-ninja reprend cette lecture plutôt que de relire le corps."""

from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

# L'attribut de la requête qui garde son corps JSON lu et contrôlé.
JSON_CONTROLE = "cpts_json_controle"
_ABSENT = object()


class CorpsControle(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        lu = getattr(request, JSON_CONTROLE, _ABSENT)
        # Sans contrôle (corps d'un autre type, requête construite hors des intergiciels), la lecture de django-ninja.
        return super().parse_body(request) if lu is _ABSENT else lu
