"""Lire un PDF produit par la plateforme comme un lecteur le lirait : son texte, espaces ramenés à un seul."""

import io

from pypdf import PdfReader


def texte_pdf(contenu: bytes) -> str:
    lecteur = PdfReader(io.BytesIO(contenu))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in lecteur.pages)
