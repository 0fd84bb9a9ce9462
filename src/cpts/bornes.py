"""Les limites des entrées, en un seul endroit (le README les recopie dans sa section « Limites »).

Python pur : les réglages de Django les lisent aussi."""

import datetime

MO = 1024 * 1024

# Corps d'une requête sans fichier (formulaire, JSON de l'API).
CORPS_MAX = 2 * MO
CORPS_MAX_LIBELLE = "2 Mo"
# Corps d'un formulaire avec fichiers : un PDF de 10 Mo et ses champs.
CORPS_AVEC_FICHIERS_MAX = 12 * MO
CORPS_AVEC_FICHIERS_MAX_LIBELLE = "12 Mo"
CHAMPS_MAX = 1000
FICHIERS_MAX = 10
# Un document JSON plus imbriqué n'a pas de sens pour notre API (le plus profond en a 4).
PROFONDEUR_JSON_MAX = 20
MESSAGE_TROP_VOLUMINEUX = (
    f"L'envoi dépasse la taille permise ({CORPS_MAX_LIBELLE} sans fichier, {CORPS_AVEC_FICHIERS_MAX_LIBELLE} avec "
    "fichiers) : rien n'a été enregistré."
)

# Les dates d'une activité de CPTS (signature, versions de territoire, échéanciers, tableaux) : les CPTS datent de
# 2016, l'ACI de 2019 ; un échéancier de cinq ans doit finir avant la fin du siècle.
DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2094, 12, 31)


def date_hors_bornes(jour: datetime.date) -> str | None:
    """Le refus, en français, d'une date hors des bornes ; None si elle est dedans."""
    if DATE_MIN <= jour <= DATE_MAX:
        return None
    return f"la date {_jour_fr(jour)} est hors des bornes permises ({_jour_fr(DATE_MIN)} à {_jour_fr(DATE_MAX)})"


def _jour_fr(jour: datetime.date) -> str:
    return f"{jour.day:02d}/{jour.month:02d}/{jour.year:04d}"
