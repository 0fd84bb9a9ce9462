"""Composer les PDF de la plateforme depuis des gabarits HTML (`templates/pdf/`) avec WeasyPrint.

Chaque PDF est balisé (PDF/UA-1 : arbre de structure, titres, tableaux avec leurs en-têtes, langue `fr`,
titre affiché par le lecteur) et embarque la police Marianne livrée par le système de design de l'État
(fichiers de django-dsfr) : un lecteur d'écran le lit comme la page (RGAA 13.3), et il s'imprime partout à
l'identique.

WeasyPrint s'appuie sur des bibliothèques du système : sous Debian, les paquets `libpango-1.0-0`,
`libpangoft2-1.0-0` (qui amènent GLib, HarfBuzz et Fontconfig) et `libharfbuzz-subset0`, installés par `make pdf`
dont dépendent `make run` et `make test`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

AUTEUR = "Pilotage CPTS"
VARIANTE = "pdf/ua-1"


@dataclass(frozen=True)
class Tableau:
    """Un tableau d'un PDF : ses en-têtes de colonnes et ses lignes de textes déjà mis en forme."""

    entetes: Sequence[str]
    lignes: Sequence[Sequence[object]]
    legende: str = ""
    # Colonnes alignées à droite (montants, nombres), par position.
    a_droite: frozenset[int] = field(default_factory=frozenset)

    def cellules(self) -> list[list[tuple[object, bool]]]:
        return [[(cellule, i in self.a_droite) for i, cellule in enumerate(ligne)] for ligne in self.lignes]


@cache
def dossier_des_polices() -> str:
    """Le dossier des fichiers Marianne de django-dsfr, en URL `file:` (les seules ressources qu'un PDF lit)."""
    chemin = finders.find("dsfr/dist/fonts/Marianne-Regular.woff2")
    if not chemin:
        raise RuntimeError("Police Marianne introuvable : django-dsfr n'est pas installé avec ses fichiers statiques.")
    return Path(chemin).parent.as_uri() + "/"


def chaine_css(texte: str) -> SafeString:
    """Un texte en chaîne CSS (le pied de page des marges) : tout ce qui n'est ni lettre ni chiffre est échappé,
    si bien qu'aucun texte saisi ne ferme la chaîne ni la feuille de style."""
    return mark_safe('"' + "".join(c if c.isalnum() and c.isascii() else f"\\{ord(c):x} " for c in texte) + '"')


def document(gabarit: str, contexte: Mapping[str, Any], titre: str, pied: str = "", paysage: bool = False) -> bytes:
    """Le PDF du gabarit `gabarit` (qui étend `pdf/base.html`) : titre du document, pied et numéro de chaque page."""
    html = render_to_string(
        gabarit,
        {
            **contexte,
            "titre_document": titre,
            "pied": chaine_css(pied or titre),
            "paysage": paysage,
            "auteur": AUTEUR,
        },
    )
    # Importé au premier PDF du processus, pas au démarrage : les adresses du site mènent ici, et chaque commande `cpts`
    # (qui les vérifie) payait le chargement de WeasyPrint, 0,5 s sur les 1,7 s de `cpts check`.
    from weasyprint import HTML, URLFetcher

    # Seuls les fichiers locaux (les polices) se lisent : aucun texte saisi ne peut faire sortir une requête.
    lecteur = URLFetcher(allowed_protocols={"file"}, fail_on_errors=True)
    return HTML(string=html, base_url=dossier_des_polices(), url_fetcher=lecteur).write_pdf(
        pdf_variant=VARIANTE, pdf_tags=True
    )
