"""Lire un PDF produit par la plateforme comme un lecteur le lirait : son texte, espaces ramenés à un seul ; sa
structure (langue, balises, polices) comme un lecteur d'écran ou un contrôle RGAA la lirait."""

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def texte_pdf(contenu: bytes) -> str:
    lecteur = PdfReader(io.BytesIO(contenu))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in lecteur.pages)


@dataclass(frozen=True)
class Structure:
    langue: str
    balise: bool  # /MarkInfo /Marked : le PDF se déclare balisé
    titre: str
    titre_affiche: bool  # le lecteur montre le titre du document plutôt que le nom du fichier
    balises: frozenset[str]  # les types de l'arbre de structure : H1, Table, TH…
    polices: frozenset[str]  # nom de base de chaque police utilisée
    polices_non_embarquees: frozenset[str]
    metadonnees: str  # XMP


def _balises(noeud: object, trouvees: set[str]) -> None:
    noeud = noeud.get_object() if hasattr(noeud, "get_object") else noeud
    if isinstance(noeud, ArrayObject):
        for enfant in noeud:
            _balises(enfant, trouvees)
    elif isinstance(noeud, DictionaryObject):
        if "/S" in noeud:
            trouvees.add(str(noeud["/S"]).lstrip("/"))
        if "/K" in noeud:
            _balises(noeud["/K"], trouvees)


def _embarquee(police: DictionaryObject) -> bool:
    descendantes = police.get("/DescendantFonts")
    police = descendantes[0].get_object() if descendantes else police
    descripteur = police.get("/FontDescriptor")
    return bool(descripteur) and any(k in descripteur.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def structure_pdf(contenu: bytes) -> Structure:
    lecteur = PdfReader(io.BytesIO(contenu))
    racine = lecteur.trailer["/Root"]
    balises: set[str] = set()
    if "/StructTreeRoot" in racine:
        _balises(racine["/StructTreeRoot"], balises)
    polices = {}
    for page in lecteur.pages:
        for police in page["/Resources"].get("/Font", {}).values():
            police = police.get_object()
            polices[str(police["/BaseFont"]).split("+")[-1]] = _embarquee(police)
    preferences = racine.get("/ViewerPreferences", {})
    metadonnees = racine["/Metadata"].get_object().get_data().decode() if "/Metadata" in racine else ""
    return Structure(
        langue=str(racine.get("/Lang", "")),
        balise=bool(racine.get("/MarkInfo", {}).get("/Marked")),
        titre=str((lecteur.metadata or {}).get("/Title", "")),
        titre_affiche=bool(preferences.get("/DisplayDocTitle")),
        balises=frozenset(balises),
        polices=frozenset(polices),
        polices_non_embarquees=frozenset(nom for nom, embarquee in polices.items() if not embarquee),
        metadonnees=metadonnees,
    )
