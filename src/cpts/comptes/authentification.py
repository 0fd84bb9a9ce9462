"""L'utilisateur de la session, lu à chaque page par une requête préparée (`cpts.preparees`)."""

from django.contrib.auth.backends import ModelBackend

from cpts.comptes.models import Utilisateur
from cpts.preparees import LecturePreparee, Parametre, champs, instance

# Le chemin gardé dans chaque session ouverte par mot de passe, par invitation ou par OpenID Connect.
MOTEUR = "cpts.comptes.authentification.MoteurComptes"

_UTILISATEUR = LecturePreparee(
    lambda: Utilisateur.objects.filter(pk=Parametre("pk", Utilisateur._meta.pk)).values_list(*champs(Utilisateur))[:1]
)


class MoteurComptes(ModelBackend):
    """Le moteur de Django (mot de passe, permissions), dont seule la lecture de l'utilisateur est préparée."""

    def get_user(self, user_id: object) -> Utilisateur | None:
        ligne = _UTILISATEUR.premiere(pk=user_id)
        if ligne is None:
            return None
        utilisateur = instance(Utilisateur, ligne)
        return utilisateur if self.user_can_authenticate(utilisateur) else None
