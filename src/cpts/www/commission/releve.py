"""Le relevé de décisions d'une réunion en PDF, en français (gabarit `pdf/releve.html`, mise en page commune :
`cpts.pdf`)."""

from datetime import date

from cpts import pdf
from cpts.commission.enums import EtatScrutin, IssueScrutin


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


def _presidence(presidence: object) -> str:
    if presidence is None:
        return ""
    president = presidence.president.siege.libelle if presidence.president else "président non désigné"
    return f"{presidence.section.libelle} ({president})"


def contexte_du_releve(contexte: dict) -> dict:
    """En-tête de la réunion, puis chaque point : ses tours de scrutin et sa décision, comme la page du relevé."""
    reunion = contexte["reunion"]
    return {
        "commission": contexte["commission"].nom,
        "reunion": f"Réunion du {reunion.date:%d/%m/%Y}",
        "etat": f"Mode : {reunion.get_mode_display() or 'non renseigné'}. État : {reunion.get_etat_display()}.",
        "envois": f"Convocation envoyée le {_jour(reunion.convocation_envoyee_le)} ; ordre du jour envoyé le "
        f"{_jour(reunion.ordre_du_jour_envoye_le)} ; relevé publié le {_jour(reunion.releve_publie_le)}.",
        "urgence": f"Réunion urgente : {reunion.motif_urgence}" if reunion.urgente else "",
        "annee": reunion.date.year,
        "presidence": _presidence(contexte["presidence"]),
        "publie": contexte["publie"],
        "points": [
            {
                "titre": f"{point.numero}. {point.intitule}",
                "scrutins": [_scrutin(s) for s in sorted(point.scrutins.all(), key=lambda s: s.tour)],
                "decision": point.decision or ("Décision à rédiger." if point.deliberation else "Point d'information."),
            }
            for point in contexte["points"]
        ],
    }


def releve_pdf(contexte: dict) -> bytes:
    reunion = contexte["reunion"]
    titre = f"{contexte['commission'].nom}, relevé de décisions du {reunion.date:%d/%m/%Y}"
    return pdf.document("pdf/releve.html", contexte_du_releve(contexte), titre)
