"""Le numéro SIRET : 14 chiffres (SIREN de 9 chiffres + NIC de 5), contrôlés par la clé de Luhn.

Exception connue : les établissements de La Poste (SIREN 356 000 000) ont trop de SIRET pour la clé de
Luhn ; l'INSEE contrôle alors que la somme des chiffres est un multiple de 5.
"""

from django.core.exceptions import ValidationError

SIREN_LA_POSTE = "356000000"


def normaliser(valeur: str) -> str:
    """Les espaces et points de présentation (« 123 456 789 00012 ») retirés."""
    return "".join(caractere for caractere in valeur if caractere not in " .\u00a0\u202f")


def cle_de_luhn_valide(chiffres: str) -> bool:
    total = 0
    for rang, caractere in enumerate(reversed(chiffres)):
        chiffre = int(caractere)
        if rang % 2 == 1:
            chiffre *= 2
            if chiffre > 9:
                chiffre -= 9
        total += chiffre
    return total % 10 == 0


def siret_valide(siret: str) -> bool:
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return False
    if siret.startswith(SIREN_LA_POSTE):
        return sum(int(chiffre) for chiffre in siret) % 5 == 0
    return cle_de_luhn_valide(siret)


def valider_siret(valeur: str) -> None:
    """Validateur de champ : le message nomme le champ et dit ce qui ne va pas."""
    siret = normaliser(valeur)
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        raise ValidationError(
            "SIRET : 14 chiffres attendus (« %(valeur)s » n'en a pas le format).", params={"valeur": valeur}
        )
    if not siret_valide(siret):
        raise ValidationError(
            "SIRET : la clé de contrôle de « %(valeur)s » est fausse ; vérifiez le numéro sur l'avis de situation "
            "INSEE.",
            params={"valeur": valeur},
        )
