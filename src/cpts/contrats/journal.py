"""Le journal des versements d'un contrat, tel que le montre la page de son échéancier, lu à chaque affichage."""

from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from cpts.contrats.models import Paiement
from cpts.preparees import LecturePreparee, Parametre


# Une lecture préparée (compilée une fois par processus) de ce que montre le journal, chaque versement en un tuple
# nommé. Une soixantaine de versements lus par l'ORM, chacun avec son auteur et son annulation entiers, coûtaient le
# quart de la page ; rebâtis en objets partiels de l'ORM, encore le sixième.
class VersementLu(NamedTuple):
    """Un versement du journal, avec son auteur et son annulation (None : aucune ; son auteur ne s'affiche pas)."""

    pk: int
    annee: int
    mission: str
    volet: str
    nature: str
    montant: Decimal
    date: date
    reference: str
    motif_anticipation: str
    enregistre_le: datetime
    auteur: str
    annulation: tuple[str, datetime] | None
    """(motif, annulé le)."""


_JOURNAL = LecturePreparee(
    lambda: (
        Paiement.objects.filter(contrat_id=Parametre("contrat", Paiement._meta.get_field("contrat")))
        .order_by("-date", "-pk")
        .values_list(
            "pk",
            "annee",
            "mission",
            "volet",
            "nature",
            "montant",
            "date",
            "reference",
            "motif_anticipation",
            "enregistre_le",
            "enregistre_par__first_name",
            "enregistre_par__last_name",
            "enregistre_par__username",
            "annulation__id",
            "annulation__motif",
            "annulation__annule_le",
        )
    )
)


def journal_des_versements(contrat: int) -> list[VersementLu]:
    """Les versements du contrat, du plus récent au plus ancien, chacun avec son annulation s'il y en a une."""
    journal = []
    for *versement, prenom, nom, identifiant, annulation, motif, annule_le in _JOURNAL.lignes(contrat=contrat):
        # Le nom affiché comme `get_full_name() or username`.
        auteur = f"{prenom} {nom}".strip() or identifiant
        journal.append(VersementLu(*versement, auteur, None if annulation is None else (motif, annule_le)))
    return journal
