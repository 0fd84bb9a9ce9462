"""Ce qui entre dans les en-têtes d'un courriel : une seule ligne, une adresse valide.

Un nom de CPTS ou de personne vient d'une saisie : un retour à la ligne y ferait naître un en-tête (injection
d'en-têtes). Chaque nom et chaque sujet est ramené à une ligne avant d'entrer dans un en-tête.
"""

import re
from email.headerregistry import Address

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

CONTROLES = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
LONGUEUR_MAXIMUM = 200


def une_ligne(texte: str, longueur: int = LONGUEUR_MAXIMUM) -> str:
    """Le texte sans caractère de contrôle (CR, LF, tabulation…), espaces réduits, coupé à `longueur`."""
    propre = " ".join(CONTROLES.sub(" ", texte).split())
    return propre if len(propre) <= longueur else propre[: longueur - 1].rstrip() + "…"


def adresse_valide(adresse: str) -> str:
    """L'adresse telle quelle si elle est valide ; sinon une ValidationError en français."""
    if not adresse or CONTROLES.search(adresse):
        raise ValidationError("Adresse de courriel absente ou invalide.")
    try:
        validate_email(adresse)
    except ValidationError:
        raise ValidationError(f"Adresse de courriel invalide : « {une_ligne(adresse, 80)} ».") from None
    return adresse


def destinataire(nom: str, adresse: str) -> str:
    """« Nom <adresse> », le nom ramené à une ligne et encodé par la bibliothèque standard."""
    local, _, domaine = adresse_valide(adresse).rpartition("@")
    return str(Address(display_name=une_ligne(nom), username=local, domain=domaine))
