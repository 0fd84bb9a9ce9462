"""Lire un nombre écrit à la française, partout où une personne en saisit un (pages, API, imports).

« 6 000 », « 6 000 » (espaces fines ou insécables), « 12,5 », « 12.5 », « 50 000 € », « 85 % ». Le pendant de
`cpts.affichage`, qui les écrit. Fonctions pures : un refus lève `ValueError` avec un message en français, que
chaque appelant rattache à son champ.
"""

import re
from decimal import Decimal, InvalidOperation

ESPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def _brut(texte: object) -> str:
    return ESPACES.sub("", str(texte)).replace(",", ".")


def nombre_fr(texte: object, unite: str = "") -> Decimal:
    """Un nombre décimal fini ; `unite` (« € », « % ») peut suivre le nombre."""
    brut = _brut(texte)
    if unite:
        brut = brut.removesuffix(unite)
    try:
        valeur = Decimal(brut)
    except InvalidOperation:
        valeur = Decimal("NaN")
    if isinstance(texte, bool) or not brut or not valeur.is_finite():
        raise ValueError(f"« {texte} » n'est pas un nombre : écrivez par exemple 6 000 ou 12,5.")
    return valeur


def entier_fr(texte: object) -> int:
    """« 45 000 », « 45 000 » ou « 45000 »."""
    brut = _brut(texte)
    if isinstance(texte, bool) or not brut.isdigit():
        raise ValueError(f"« {texte} » n'est pas un nombre entier : écrivez par exemple 45 000.")
    return int(brut)


def taux_fr(texte: object) -> Decimal:
    """Une part de 0 à 1 : « 85 % », « 85,5 % », « 0,85 » ou « 0.85 » (sans le signe %, au plus 1)."""
    brut = _brut(texte)
    pourcent = brut.endswith("%")
    try:
        valeur = nombre_fr(brut, "%")
    except ValueError:
        raise ValueError(f"« {texte} » n'est pas un taux : écrivez 85 % ou 0,85.") from None
    if pourcent:
        valeur /= 100
    elif valeur > 1:
        raise ValueError(f"« {texte} » : un taux s'écrit 85 % ou 0,85 (de 0 à 1 sans le signe %).")
    if not 0 <= valeur <= 1:
        raise ValueError(f"« {texte} » : un taux va de 0 à 100 %.")
    return valeur
