"""Recherche des communes par leur nom, sans se soucier des accents, des tirets ni des majuscules."""

import re
import unicodedata


def normaliser(texte: str) -> str:
    """« Saint-Étienne » et « saint etienne » donnent « saint etienne »."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", sans_accents.lower()).strip()
