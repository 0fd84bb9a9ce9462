"""Le lien de désabonnement : signé (clé secrète du projet), il désigne un compte et une sorte de courriel.

Sans date d'expiration : un courriel ancien doit encore permettre de se désabonner.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from cpts.notifications.enums import TYPES_DESABONNABLES

SEL = "cpts.notifications.desabonnement"


def jeton_desabonnement(utilisateur_id: int, type_courriel: str) -> str:
    return signing.dumps([utilisateur_id, type_courriel], salt=SEL)


def lire_jeton(jeton: str) -> tuple[int, str]:
    try:
        utilisateur_id, type_courriel = signing.loads(jeton, salt=SEL)
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError("Ce lien de désabonnement n'est pas valide : il a été modifié ou coupé.") from None
    if not isinstance(utilisateur_id, int) or type_courriel not in TYPES_DESABONNABLES:
        raise ValidationError("Ce lien de désabonnement n'est pas valide : il a été modifié ou coupé.")
    return utilisateur_id, type_courriel


def url_absolue(chemin: str) -> str:
    return f"{settings.CPTS_URL_PUBLIQUE}{chemin}"


def lien_desabonnement(utilisateur_id: int, type_courriel: str) -> str:
    return url_absolue(reverse("courriels:desabonnement", args=[jeton_desabonnement(utilisateur_id, type_courriel)]))
