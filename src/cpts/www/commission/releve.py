"""Le relevé de décisions d'une réunion en PDF, en français (mise en page commune : `cpts.pdf`)."""

from datetime import date

from cpts import pdf
from cpts.commission.enums import EtatScrutin, IssueScrutin
from cpts.pdf import LIBELLE, PETIT, SECTION, TITRE, paragraphe


def _jour(jour: date | None) -> str:
    return f"{jour:%d/%m/%Y}" if jour else "non renseigné"


def _scrutin(scrutin: object) -> str:
    if scrutin.etat != EtatScrutin.CLOS:
        return f"Tour {scrutin.tour} : scrutin en cours."
    return (
        f"Tour {scrutin.tour}{' (plénier, à bulletin secret)' if scrutin.secret else ''} : "
        f"{IssueScrutin(scrutin.issue).label}. Pour {scrutin.pour} voix, contre {scrutin.contre}, "
        f"abstentions {scrutin.abstention}, blancs {scrutin.blanc}."
    )


def elements_du_releve(contexte: dict) -> list[object]:
    """En-tête de la réunion, puis chaque point : ses tours de scrutin et sa décision, comme la page du relevé."""
    reunion = contexte["reunion"]
    presidence = contexte["presidence"]
    elements: list[object] = [
        paragraphe(f"Relevé de décisions — {contexte['commission'].nom}", TITRE),
        paragraphe(f"Réunion du {reunion.date:%d/%m/%Y}", SECTION),
        paragraphe(f"Mode : {reunion.get_mode_display() or 'non renseigné'}. État : {reunion.get_etat_display()}."),
        paragraphe(
            f"Convocation envoyée le {_jour(reunion.convocation_envoyee_le)} ; ordre du jour envoyé le "
            f"{_jour(reunion.ordre_du_jour_envoye_le)} ; relevé publié le {_jour(reunion.releve_publie_le)}."
        ),
    ]
    if reunion.urgente:
        elements.append(paragraphe(f"Réunion urgente : {reunion.motif_urgence}"))
    if presidence is not None:
        president = presidence.president.siege.libelle if presidence.president else "président non désigné"
        elements.append(paragraphe(f"Présidence {reunion.date.year} : {presidence.section.libelle} ({president})."))
    if not contexte["publie"]:
        elements.append(paragraphe("Document de travail : le relevé n'est pas encore publié.", LIBELLE))
    for point in contexte["points"]:
        elements.append(paragraphe(f"{point.numero}. {point.intitule}", SECTION))
        elements += [paragraphe(_scrutin(s)) for s in sorted(point.scrutins.all(), key=lambda s: s.tour)]
        elements.append(
            paragraphe(point.decision or ("Décision à rédiger." if point.deliberation else "Point d'information."))
        )
    elements.append(
        paragraphe(
            "Délibérations secrètes : le relevé ne donne pas le vote de chaque membre (annexe 5 de l'ACI CPTS).",
            PETIT,
        )
    )
    return elements


def releve_pdf(contexte: dict) -> bytes:
    reunion = contexte["reunion"]
    titre = f"{contexte['commission'].nom}, relevé de décisions du {reunion.date:%d/%m/%Y}"
    return pdf.document(titre, elements_du_releve(contexte))
