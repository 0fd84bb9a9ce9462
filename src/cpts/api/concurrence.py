"""La révision dans les schémas de l'API : rendue avec chaque objet modifiable, renvoyée pour le modifier."""

from typing import Annotated

from pydantic import Field

Revision = Annotated[
    int,
    Field(description="Augmente à chaque enregistrement de l'objet : à renvoyer telle quelle pour le modifier."),
]
RevisionLue = Annotated[
    int,
    Field(
        ge=1,
        description=(
            "La révision lue avant de modifier (champ `revision` de l'objet). Si l'objet a été enregistré depuis, "
            "rien n'est écrit : réponse 409, code `conflit`, qui dit qui l'a modifié et quand."
        ),
    ),
]
