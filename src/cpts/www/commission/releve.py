"""Le relevé de décisions d'une réunion en PDF.

Un relevé est du texte : titres, paragraphes, lignes de résultat. Un petit écrivain PDF suffit (police
Helvetica de base, encodage WinAnsi, qui couvre le français : accents, œ, guillemets, €), sans dépendance.
"""

import textwrap
from dataclasses import dataclass
from datetime import date

from cpts.commission.enums import EtatScrutin, IssueScrutin

LARGEUR, HAUTEUR = 595, 842  # A4 en points
MARGE = 56
INTERLIGNE = {"titre": 20, "sous_titre": 16, "texte": 13, "petit": 11}
TAILLE = {"titre": 15, "sous_titre": 12, "texte": 10, "petit": 8}
CARACTERES = {"titre": 62, "sous_titre": 78, "texte": 96, "petit": 118}


@dataclass(frozen=True)
class Ligne:
    style: str
    texte: str
    gras: bool = False


def _echapper(texte: str) -> bytes:
    propre = texte.replace("\u202f", "\u00a0").replace("\u2009", " ")
    octets = propre.encode("cp1252", errors="replace")
    return octets.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _paginer(lignes: list[Ligne]) -> list[list[tuple[Ligne, float]]]:
    pages: list[list[tuple[Ligne, float]]] = [[]]
    y = HAUTEUR - MARGE
    for ligne in lignes:
        morceaux = textwrap.wrap(ligne.texte, CARACTERES[ligne.style]) or [""]
        for morceau in morceaux:
            if y - INTERLIGNE[ligne.style] < MARGE:
                pages.append([])
                y = HAUTEUR - MARGE
            y -= INTERLIGNE[ligne.style]
            pages[-1].append((Ligne(ligne.style, morceau, ligne.gras), y))
    return pages


def ecrire_pdf(lignes: list[Ligne], titre: str) -> bytes:
    pages = _paginer(lignes)
    objets: list[bytes] = []
    # 1 catalogue, 2 arbre des pages, 3 et 4 polices, 5 informations, puis (page, contenu) par page.
    premier = 6
    enfants = " ".join(f"{premier + 2 * i} 0 R" for i in range(len(pages)))
    objets.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objets.append(f"<< /Type /Pages /Kids [{enfants}] /Count {len(pages)} >>".encode())
    for nom in ("Helvetica", "Helvetica-Bold"):
        objets.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{nom} /Encoding /WinAnsiEncoding >>".encode())
    objets.append(b"<< /Title (" + _echapper(titre) + b") /Producer (Pilotage CPTS) >>")
    total = len(pages)
    for numero, page in enumerate(pages, start=1):
        flux = bytearray()
        for ligne, y in page:
            police = "F2" if ligne.gras else "F1"
            flux += f"BT /{police} {TAILLE[ligne.style]} Tf {MARGE} {y:.1f} Td (".encode()
            flux += _echapper(ligne.texte) + b") Tj ET\n"
        pied = f"{titre} — page {numero}/{total}"
        flux += f"BT /F1 {TAILLE['petit']} Tf {MARGE} {MARGE / 2:.1f} Td (".encode() + _echapper(pied) + b") Tj ET\n"
        contenu = premier + 2 * (numero - 1) + 1
        objets.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {LARGEUR} {HAUTEUR}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {contenu} 0 R >>".encode()
        )
        objets.append(f"<< /Length {len(flux)} >>\nstream\n".encode() + bytes(flux) + b"endstream")
    sortie = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    positions = []
    for rang, objet in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += f"{rang} 0 obj\n".encode() + objet + b"\nendobj\n"
    xref = len(sortie)
    sortie += f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode()
    for position in positions:
        sortie += f"{position:010d} 00000 n \n".encode()
    sortie += f"trailer\n<< /Size {len(objets) + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(sortie)


def _jour(jour: date | None) -> str:
    return f"{jour:%d/%m/%Y}" if jour else "non renseigné"


def lignes_du_releve(contexte: dict) -> list[Ligne]:
    reunion = contexte["reunion"]
    commission = contexte["commission"]
    presidence = contexte["presidence"]
    lignes = [
        Ligne("titre", f"Relevé de décisions — {commission.nom}", gras=True),
        Ligne("sous_titre", f"Réunion du {reunion.date:%d/%m/%Y}"),
        Ligne("texte", ""),
        Ligne("texte", f"Mode : {reunion.get_mode_display() or 'non renseigné'}. État : {reunion.get_etat_display()}."),
        Ligne(
            "texte",
            f"Convocation envoyée le {_jour(reunion.convocation_envoyee_le)} ; ordre du jour envoyé le "
            f"{_jour(reunion.ordre_du_jour_envoye_le)} ; relevé publié le {_jour(reunion.releve_publie_le)}.",
        ),
    ]
    if reunion.urgente:
        lignes.append(Ligne("texte", f"Réunion urgente : {reunion.motif_urgence}"))
    if presidence is not None:
        president = presidence.president.siege.libelle if presidence.president else "président non désigné"
        lignes.append(Ligne("texte", f"Présidence {reunion.date.year} : {presidence.section.libelle} ({president})."))
    if not contexte["publie"]:
        lignes.append(Ligne("texte", "Document de travail : le relevé n'est pas encore publié.", gras=True))
    lignes.append(Ligne("texte", ""))
    for point in contexte["points"]:
        lignes.append(Ligne("sous_titre", f"{point.numero}. {point.intitule}", gras=True))
        for scrutin in sorted(point.scrutins.all(), key=lambda s: s.tour):
            if scrutin.etat != EtatScrutin.CLOS:
                lignes.append(Ligne("texte", f"Tour {scrutin.tour} : scrutin en cours."))
                continue
            lignes.append(
                Ligne(
                    "texte",
                    f"Tour {scrutin.tour}{' (plénier, à bulletin secret)' if scrutin.secret else ''} : "
                    f"{IssueScrutin(scrutin.issue).label}. Pour {scrutin.pour} voix, contre {scrutin.contre}, "
                    f"abstentions {scrutin.abstention}, blancs {scrutin.blanc}.",
                )
            )
        lignes.append(
            Ligne("texte", point.decision or ("Décision à rédiger." if point.deliberation else "Point d'information."))
        )
        lignes.append(Ligne("texte", ""))
    lignes.append(
        Ligne(
            "petit",
            "Délibérations secrètes : le relevé ne donne pas le vote de chaque membre (annexe 5 de l'ACI CPTS).",
        )
    )
    return lignes


def releve_pdf(contexte: dict) -> bytes:
    reunion = contexte["reunion"]
    titre = f"{contexte['commission'].nom}, relevé de décisions du {reunion.date:%d/%m/%Y}"
    return ecrire_pdf(lignes_du_releve(contexte), titre)
